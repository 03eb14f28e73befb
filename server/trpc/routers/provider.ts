import { z } from "zod";
import { PROVIDERS, providerCapabilities } from "@/server/services/provider";
import { projectProcedure, router } from "../init";

// Octavia's provider, flavor and availability zone catalogue. One provider, no flavors and no
// availability zones: the lists answer empty, as Octavia's do before an operator adds any.

const capabilitiesInput = z.strictObject({ provider: z.string({ error: "provider must be a string" }) });

export const providerRouter = router({
  list: projectProcedure.query(() => [...PROVIDERS]),
  flavorCapabilities: projectProcedure.input(capabilitiesInput).query(({ input }) => providerCapabilities(input.provider)),
  availabilityZoneCapabilities: projectProcedure.input(capabilitiesInput).query(({ input }) => providerCapabilities(input.provider)),
  flavors: projectProcedure.query(() => []),
  flavorProfiles: projectProcedure.query(() => []),
  availabilityZones: projectProcedure.query(() => []),
});
