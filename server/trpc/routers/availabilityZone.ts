import { z } from "zod";
import {
  createAvailabilityZone,
  createAvailabilityZoneProfile,
  deleteAvailabilityZone,
  deleteAvailabilityZoneProfile,
  getAvailabilityZone,
  getAvailabilityZoneProfile,
  listAvailabilityZoneProfiles,
  listAvailabilityZones,
  updateAvailabilityZone,
  updateAvailabilityZoneProfile,
} from "@/server/services/availability-zones";
import {
  availabilityZoneCreateInput,
  availabilityZoneKeyInput,
  availabilityZoneListInput,
  availabilityZoneProfileCreateInput,
  availabilityZoneProfileListInput,
  availabilityZoneProfileUpdateInput,
  availabilityZoneUpdateInput,
} from "@/server/services/schemas/availability-zone";
import { uuidField } from "@/server/services/schemas/fields";
import { projectProcedure, router } from "../init";

const byId = z.strictObject({ id: uuidField("id") });

/** Octavia's availability zones: everyone lists them (the wizard offers them); admins make them. */
export const availabilityZoneRouter = router({
  list: projectProcedure.input(availabilityZoneListInput.optional()).query(({ ctx, input }) => listAvailabilityZones(ctx, input)),
  get: projectProcedure.input(availabilityZoneKeyInput).query(({ ctx, input }) => getAvailabilityZone(ctx, input.name)),
  create: projectProcedure.input(availabilityZoneCreateInput).mutation(({ ctx, input }) => createAvailabilityZone(ctx, input)),
  update: projectProcedure.input(availabilityZoneUpdateInput).mutation(({ ctx, input }) => updateAvailabilityZone(ctx, input)),
  delete: projectProcedure.input(availabilityZoneKeyInput).mutation(({ ctx, input }) => deleteAvailabilityZone(ctx, input.name)),
});

/** What each zone means to the provider: the admins' alone. */
export const availabilityZoneProfileRouter = router({
  list: projectProcedure.input(availabilityZoneProfileListInput.optional()).query(({ ctx, input }) => listAvailabilityZoneProfiles(ctx, input)),
  get: projectProcedure.input(byId).query(({ ctx, input }) => getAvailabilityZoneProfile(ctx, input.id)),
  create: projectProcedure.input(availabilityZoneProfileCreateInput).mutation(({ ctx, input }) => createAvailabilityZoneProfile(ctx, input)),
  update: projectProcedure.input(availabilityZoneProfileUpdateInput).mutation(({ ctx, input }) => updateAvailabilityZoneProfile(ctx, input)),
  delete: projectProcedure.input(byId).mutation(({ ctx, input }) => deleteAvailabilityZoneProfile(ctx, input.id)),
});
