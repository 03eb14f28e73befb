import { routes } from "@/components/load-balancer-detail/routes";

/** A policy's page, under its listener's. */
export const l7PolicyRoute = (lbId: string, listenerId: string, policyId: string) => `${routes.listener(lbId, listenerId)}/l7policies/${policyId}`;
