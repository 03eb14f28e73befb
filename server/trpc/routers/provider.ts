import { z } from "zod";
import { availabilityZoneCapabilities, PROVIDERS, providerCapabilities } from "@/server/services/provider";
import { projectProcedure, router } from "../init";

// Octavia's provider catalogue: one provider, and what its flavor and availability zone profiles
// may set. Flavors and zones have routers of their own.

const capabilitiesInput = z.strictObject({ provider: z.string({ error: "provider must be a string" }) });

export const providerRouter = router({
  list: projectProcedure.query(() => [...PROVIDERS]),
  flavorCapabilities: projectProcedure.input(capabilitiesInput).query(({ input }) => providerCapabilities(input.provider)),
  availabilityZoneCapabilities: projectProcedure.input(capabilitiesInput).query(({ input }) => availabilityZoneCapabilities(input.provider)),
});
