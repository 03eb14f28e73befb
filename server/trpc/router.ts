import { amphoraRouter } from "./routers/amphora";
import { amphoraHostRouter } from "./routers/amphoraHost";
import { availabilityZoneProfileRouter, availabilityZoneRouter } from "./routers/availabilityZone";
import { auditRouter } from "./routers/audit";
import { authRouter } from "./routers/auth";
import { eventsRouter } from "./routers/events";
import { floatingIpRouter, instanceRouter, networkRouter, portRouter, subnetRouter } from "./routers/cloud";
import { healthMonitorRouter } from "./routers/healthMonitor";
import { identityRouter } from "./routers/identity";
import { l7PolicyRouter, l7RuleRouter } from "./routers/l7";
import { listenerRouter } from "./routers/listener";
import { loadBalancerRouter } from "./routers/loadBalancer";
import { memberRouter } from "./routers/member";
import { poolRouter } from "./routers/pool";
import { providerRouter } from "./routers/provider";
import { flavorProfileRouter, flavorRouter } from "./routers/flavor";
import { quotaRouter } from "./routers/quota";
import { routersRouter } from "./routers/routers";
import { secretRouter } from "./routers/secret";
import { createCallerFactory, router } from "./init";

export const appRouter = router({
  loadBalancer: loadBalancerRouter,
  listener: listenerRouter,
  pool: poolRouter,
  member: memberRouter,
  healthMonitor: healthMonitorRouter,
  l7Policy: l7PolicyRouter,
  l7Rule: l7RuleRouter,
  network: networkRouter,
  subnet: subnetRouter,
  port: portRouter,
  instance: instanceRouter,
  floatingIp: floatingIpRouter,
  routers: routersRouter,
  amphora: amphoraRouter,
  amphoraHost: amphoraHostRouter,
  availabilityZone: availabilityZoneRouter,
  availabilityZoneProfile: availabilityZoneProfileRouter,
  provider: providerRouter,
  flavor: flavorRouter,
  flavorProfile: flavorProfileRouter,
  events: eventsRouter,
  auth: authRouter,
  audit: auditRouter,
  quota: quotaRouter,
  secret: secretRouter,
  identity: identityRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
