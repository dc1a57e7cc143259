import type { AddressInfo } from "node:net";
import { createApp } from "./app.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { createLogger } from "./logger.js";
import { createSandbox } from "./sandbox/sandbox.js";
import { openDb } from "./store/db.js";
import { SecretBox } from "./store/secret-box.js";

async function start(config: Config): Promise<void> {
  const logger = createLogger(config.LOG_LEVEL);
  const db = openDb(config.DATA_DIR);
  const box = SecretBox.load(config.DATA_DIR, config.SECRET_KEY);
  const sandbox = config.SANDBOX ? createSandbox() : undefined;
  let sandboxBaseUrl: string | undefined;
  const { app, services } = createApp({
    config,
    logger,
    db,
    box,
    ...(sandbox ? { sandbox } : {}),
    sandboxBaseUrl: () => sandboxBaseUrl,
  });
  const generated = await services.accounts.ensureFirstAdmin(config.ADMIN_USER, config.ADMIN_PASSWORD);
  // Express 5 calls this on a listen error too: a port in use is said in one line, not a stack.
  const server = app.listen(config.PORT, config.HOST, (err?: Error) => {
    if (err) {
      const code = (err as NodeJS.ErrnoException).code;
      console.error(
        code === "EADDRINUSE"
          ? `Cannot listen on ${config.HOST}:${config.PORT}: something else uses that port (set PORT).`
          : `Cannot listen on ${config.HOST}:${config.PORT}: ${err.message}`,
      );
      process.exit(1);
    }
    const { port } = server.address() as AddressInfo;
    const host = ["0.0.0.0", "::"].includes(config.HOST)
      ? "127.0.0.1"
      : config.HOST.includes(":")
        ? `[${config.HOST}]`
        : config.HOST;
    if (sandbox) sandboxBaseUrl = `http://${host}:${port}/sandbox/mdm/v2`;
    // Every job that was running when the server stopped (or crashed) goes on from its record.
    services.runner.resume();
    // Scheduled reclaims and rules live in the store: what came due while stopped runs now.
    services.reclaim.start(config.RECLAIM_TICK_MS);
    // Alerts look at every location on a tick; what fired while stopped fires now.
    services.alerts.start(config.ALERT_TICK_MS);
    // Each location's copy: what a previous process left half read goes on; notifications left unapplied too.
    if (config.SYNC) {
      services.sync.start();
      services.inbox.drain();
    }
    logger.info(
      `vpp-console on http://${config.HOST}:${port}${sandbox ? " (sandbox with demo data on /sandbox)" : ""}`,
    );
    if (generated) {
      // Printed once, on the terminal only; it is not logged through the structured logger.
      console.error(
        `\nFirst admin account: ${config.ADMIN_USER} / ${generated}\nChange it after signing in, or set ADMIN_PASSWORD.\n`,
      );
    }
  });
  const timer = setInterval(() => services.sessions.purgeExpired(), 3600_000);
  timer.unref();
  const shutdown = (signal: string) => {
    logger.info({ signal }, "shutting down");
    sandbox?.state.stop();
    services.runner.stop();
    services.reclaim.stop();
    // A read under way ends at its next page; the store closes once nothing writes to it.
    void services.sync.stop().then(() =>
      server.close(() => {
        db.close();
        process.exit(0);
      }),
    );
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
await start(config);
