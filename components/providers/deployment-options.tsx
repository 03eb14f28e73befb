"use client";

import { createContext, type ReactNode, useContext } from "react";

// The operator's settings that decide what the dashboard's forms offer, read on the server
// (app/project/layout.tsx) and handed to the browser with the page: forms ask the API's rule
// functions with them, so they offer only what this deployment's API accepts.

export interface DeploymentOptions {
  /** ALLOW_PING_HEALTH_MONITORS: whether PING health monitors are accepted. */
  allowPingHealthMonitors: boolean;
}

// Outside the provider: the settings' defaults.
const DeploymentOptionsContext = createContext<DeploymentOptions>({ allowPingHealthMonitors: false });

export function DeploymentOptionsProvider({ value, children }: { value: DeploymentOptions; children: ReactNode }) {
  return <DeploymentOptionsContext.Provider value={value}>{children}</DeploymentOptionsContext.Provider>;
}

export const useDeploymentOptions = () => useContext(DeploymentOptionsContext);
