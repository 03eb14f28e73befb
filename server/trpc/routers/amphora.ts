import { listAmphorae } from "@/server/services/amphorae";
import { adminProcedure, router } from "../init";

export const amphoraRouter = router({
  list: adminProcedure.query(({ ctx }) => listAmphorae(ctx)),
});
