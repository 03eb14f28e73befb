import { tracked } from "@trpc/server";
import { z } from "zod";
import { latestStatusEventId, statusEventsAfter } from "@/server/services/events";
import { uuidField } from "@/server/services/schemas/fields";
import { projectProcedure, router } from "../init";

export const eventsRouter = router({
  /**
   * Live status events. Subscribes to the feed before reading the backlog after `lastEventId`,
   * then reads from its cursor on every wake-up, so a reconnect resumes exactly: no loss, no
   * duplicates. Without a cursor it starts from now.
   */
  onStatus: projectProcedure
    .input(
      z
        .strictObject({
          lastEventId: z.string().regex(/^\d+$/, { error: "lastEventId must be an event id" }).nullish(),
          loadbalancer_id: uuidField("loadbalancer_id").optional(),
        })
        .optional(),
    )
    .subscription(async function* ({ ctx, input, signal }) {
      const wakeup = ctx.feed.subscribe();
      try {
        let cursor = input?.lastEventId ? Number(input.lastEventId) : await latestStatusEventId(ctx);
        while (!signal?.aborted) {
          const events = await statusEventsAfter(ctx, cursor, { loadbalancer_id: input?.loadbalancer_id });
          for (const event of events) {
            cursor = event.id;
            yield tracked(String(event.id), event);
          }
          // A full page means more are waiting: read again before sleeping.
          if (events.length < 500) await wakeup.wait(signal);
        }
      } finally {
        wakeup.close();
      }
    }),
});
