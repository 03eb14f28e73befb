import { tracked } from "@trpc/server";
import { z } from "zod";
import { watchAccess } from "@/server/events/access-watch";
import { CURSOR_PATTERN, cursorOf, readStream, streamHead } from "@/server/services/events";
import { uuidField } from "@/server/services/schemas/fields";
import { projectProcedure, router } from "../init";

/** How long to wait before reading again when events wait for an older transaction to end. */
const HELD_BACK_RETRY_MS = 20;

export const eventsRouter = router({
  /**
   * Live status events. Subscribes to the feed before reading the backlog after `lastEventId`,
   * then reads from its cursor on every wake-up, so a reconnect resumes exactly: no loss, no
   * duplicates. Without a cursor it starts from now. It ends when the caller's access ends or
   * changes (logout, token revoked, password changed, disabled, role revoked).
   */
  onStatus: projectProcedure
    .input(
      z
        .strictObject({
          lastEventId: z.string().regex(CURSOR_PATTERN, { error: "lastEventId must be a stream position such as 812:45" }).nullish(),
          loadbalancer_id: uuidField("loadbalancer_id").optional(),
        })
        .optional(),
    )
    .subscription(async function* ({ ctx, input, signal: clientGone }) {
      const wakeup = ctx.feed.subscribe();
      const access = ctx.identity ? watchAccess({ identity: ctx.identity, recheck: ctx.recheckIdentity, signal: clientGone }) : null;
      const signal = access?.signal ?? clientGone;
      const filter = { loadbalancer_id: input?.loadbalancer_id };
      try {
        let cursor = input?.lastEventId ?? (await streamHead(ctx, filter));
        while (!signal?.aborted) {
          const { events, heldBack } = await readStream(ctx, cursor, filter);
          for (const event of events) {
            cursor = cursorOf(event);
            yield tracked(cursor, event);
          }
          // A full page means more are waiting; held-back events commit without a new NOTIFY
          // when the transaction they wait for wrote none: read again instead of sleeping.
          if (events.length >= 500) continue;
          if (heldBack) await new Promise((resolve) => setTimeout(resolve, HELD_BACK_RETRY_MS));
          else await wakeup.wait(signal);
        }
      } finally {
        access?.close();
        wakeup.close();
      }
    }),
});
