import { z } from "zod";
import {
  createFlavor,
  createFlavorProfile,
  deleteFlavor,
  deleteFlavorProfile,
  getFlavor,
  getFlavorProfile,
  listFlavorProfiles,
  listFlavors,
  updateFlavor,
  updateFlavorProfile,
} from "@/server/services/flavors";
import {
  flavorCreateInput,
  flavorListInput,
  flavorProfileCreateInput,
  flavorProfileListInput,
  flavorProfileUpdateInput,
  flavorUpdateInput,
} from "@/server/services/schemas/flavor";
import { uuidField } from "@/server/services/schemas/fields";
import { projectProcedure, router } from "../init";

const byId = z.strictObject({ id: uuidField("id") });

/** Octavia's flavors: everyone lists them (the wizard offers them); admins make them. */
export const flavorRouter = router({
  list: projectProcedure.input(flavorListInput.optional()).query(({ ctx, input }) => listFlavors(ctx, input)),
  get: projectProcedure.input(byId).query(({ ctx, input }) => getFlavor(ctx, input.id)),
  create: projectProcedure.input(flavorCreateInput).mutation(({ ctx, input }) => createFlavor(ctx, input)),
  update: projectProcedure.input(flavorUpdateInput).mutation(({ ctx, input }) => updateFlavor(ctx, input)),
  delete: projectProcedure.input(byId).mutation(({ ctx, input }) => deleteFlavor(ctx, input.id)),
});

/** What each flavor means to the provider: the admins' alone. */
export const flavorProfileRouter = router({
  list: projectProcedure.input(flavorProfileListInput.optional()).query(({ ctx, input }) => listFlavorProfiles(ctx, input)),
  get: projectProcedure.input(byId).query(({ ctx, input }) => getFlavorProfile(ctx, input.id)),
  create: projectProcedure.input(flavorProfileCreateInput).mutation(({ ctx, input }) => createFlavorProfile(ctx, input)),
  update: projectProcedure.input(flavorProfileUpdateInput).mutation(({ ctx, input }) => updateFlavorProfile(ctx, input)),
  delete: projectProcedure.input(byId).mutation(({ ctx, input }) => deleteFlavorProfile(ctx, input.id)),
});
