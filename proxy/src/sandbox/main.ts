import { createSandbox } from "./sandbox.js";

/** Standalone sandbox: Apple's paths under http://127.0.0.1:${SANDBOX_PORT}/mdm/v2/. */
const port = Number(process.env.SANDBOX_PORT ?? 8090);
const host = process.env.HOST ?? "127.0.0.1";
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`SANDBOX_PORT must be a port number, got "${process.env.SANDBOX_PORT}"`);
  process.exit(1);
}
const { app, state } = createSandbox();
state.publicBaseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}/mdm/v2`;
const demo = state.createLocation({});
const cToken = state.mintToken(demo, {});
const server = app.listen(port, host, () => {
  console.log(`Apple v2 sandbox on http://${host}:${port}/mdm/v2`);
  console.log(`Demo location "${demo.locationName}" (uId ${demo.uId}), ${demo.store.liveCount} assignments.`);
  console.log(`Demo content token (sandbox only):\n${cToken}`);
  console.log(
    `Mint more: curl -X POST http://${host}:${port}/_sandbox/tokens -H 'Content-Type: application/json' -d '{}'`,
  );
});
const stop = () => {
  state.stop();
  server.close(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
