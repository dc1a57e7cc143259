import type { Server } from "node:http";
import { createApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { createSandbox } from "./sandbox/sandbox.js";

const logger = createLogger();

function start(): Server {
  const config = loadConfig();
  const sandbox = config.SANDBOX ? createSandbox() : undefined;
  const app = createApp({ config, logger, ...(sandbox ? { sandbox } : {}) });
  const server = app.listen(config.PORT, config.HOST, () => {
    logger.info(
      `vpp-console on http://${config.HOST}:${config.PORT}${sandbox ? " (sandbox on /sandbox)" : ""}`,
    );
  });
  const shutdown = (signal: string) => {
    logger.info({ signal }, "shutting down");
    sandbox?.state.stop();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  return server;
}

try {
  start();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
