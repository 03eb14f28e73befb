export * from "./cloud";
export * from "./columns";
export * from "./events";
export * from "./lbaas";
export * from "./controller";
export * from "./identity";
export * from "./statistics";
export * from "./l7";
