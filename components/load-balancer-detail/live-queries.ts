import type { QueryKey } from "@tanstack/react-query";
import type { StatusEvent } from "@/components/api-types";

// Which cached queries one load balancer's status stream keeps live. Pure, so what a (re)started
// stream reads again is tested without a browser; the hook that uses it is use-load-balancer-live.ts.

export type ResourceType = StatusEvent["resource_type"];

export interface LiveQueryKeys {
  /** Per resource type the stream's events name, the queries (a key or a key prefix) that hold it. */
  resources: Record<ResourceType, QueryKey>;
  /** The load balancer list (its rows carry statuses too). */
  list: QueryKey;
  tree: QueryKey;
  events: QueryKey;
  stats: QueryKey;
  floatingIps: QueryKey;
}

/**
 * What to read again when the stream starts, and starts again after a reconnect: it resumes "from
 * now" (or from the last event id, which a server restart may not keep), so whatever changed
 * before is only known by reading. Every resource type comes from `resources`, which the type
 * makes name each one, so a kind of resource cannot be left stale after a reconnect.
 */
export function rereadOnStart(keys: LiveQueryKeys): QueryKey[] {
  return [...Object.values(keys.resources), keys.tree, keys.events, keys.stats];
}
