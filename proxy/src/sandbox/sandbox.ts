import express, { type Express } from "express";
import { controlRoutes } from "./controls.js";
import { appleErrorHandler } from "./http.js";
import { lookupRoutes } from "./lookup.js";
import { appleRoutes } from "./routes.js";
import { SandboxState, type SandboxConfig } from "./state.js";

export interface Sandbox {
  app: Express;
  state: SandboxState;
}

/** The Apple v2 simulator as an Express app: mount it anywhere or listen on its own port. */
export function createSandbox(config: Partial<SandboxConfig> = {}): Sandbox {
  const state = new SandboxState(config);
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.use("/mdm/v2", appleRoutes(state));
  app.use("/mdm/v2-moved", appleRoutes(state, "v2-moved"));
  app.use("/_sandbox", controlRoutes(state));
  app.use(lookupRoutes(state));
  app.use((_req, res) => void res.status(404).json({ errorNumber: 9602, errorMessage: "Invalid argument." }));
  app.use(appleErrorHandler);
  state.start();
  return { app, state };
}
