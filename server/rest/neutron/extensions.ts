import { json, RestError } from "../http";
import type { Route } from "../routing";
import type { RestCall } from "../serve";

// Neutron's extensions list: what this subset serves, so a client that asks before it uses a
// feature (Horizon does) finds it, and one that looks for something absent (security groups,
// quotas, tags, extra routes) knows. Names, descriptions and dates are Neutron's.

const EXTENSIONS = [
  { alias: "external-net", name: "Neutron external network", description: "Adds external network attribute to network resource.", updated: "2013-01-14T10:00:00-00:00" },
  {
    // Routers and floating IPs (with their router_id) belong to this extension.
    alias: "router",
    name: "Neutron L3 Router",
    description: "Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway.",
    updated: "2012-07-20T10:00:00-00:00",
  },
  {
    alias: "ext-gw-mode",
    name: "Neutron L3 Configurable external gateway mode",
    description: "Extension of the router abstraction for specifying whether SNAT should occur on the external gateway",
    updated: "2013-03-28T10:00:00-00:00",
  },
  { alias: "project-id", name: "project_id field enabled", description: "Extension that indicates that project_id field is enabled.", updated: "2016-09-09T09:09:09-09:09" },
  { alias: "net-mtu", name: "Network MTU", description: "Provides MTU attribute for a network resource.", updated: "2015-03-25T10:00:00-00:00" },
  { alias: "port-security", name: "Port Security", description: "Provides port security", updated: "2012-07-23T10:00:00-00:00" },
  { alias: "standard-attr-description", name: "standard-attr-description", description: "Extension to add descriptions to standard attributes", updated: "2016-02-10T10:00:00-00:00" },
  { alias: "standard-attr-revisions", name: "Resource revision numbers", description: "This extension will display the revision number of neutron resources.", updated: "2016-04-11T10:00:00-00:00" },
  { alias: "standard-attr-timestamp", name: "Resource timestamps", description: "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes.", updated: "2016-09-12T10:00:00-00:00" },
].map((e) => ({ ...e, links: [] as unknown[] }));

export const extensionRoutes: Route<RestCall>[] = [
  {
    method: "GET",
    path: "extensions",
    async handle(call) {
      await call.api.auth.me(); // a logged-in caller's, as Neutron's (401 otherwise)
      return json(200, { extensions: EXTENSIONS });
    },
  },
  {
    method: "GET",
    path: "extensions/:alias",
    async handle(call, { alias }) {
      await call.api.auth.me();
      const extension = EXTENSIONS.find((e) => e.alias === alias);
      if (!extension) throw new RestError(404, `Extension with alias ${alias ?? ""} does not exist`);
      return json(200, { extension });
    },
  },
];
