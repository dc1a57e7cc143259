import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { fileURLToPath } from "node:url";

const proxyDir = fileURLToPath(new URL("..", import.meta.url));

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });

/** The real proxy as its own process (for kill -9 and memory measurements), on a loopback port. */
export interface ProxyProcess {
  url: string;
  child: ChildProcess;
  /** Sign in and return the session cookie ("name=value"). */
  signIn(username: string, password: string): Promise<string>;
  kill9(): Promise<void>;
  /** SIGTERM, as a service manager stops it: how it exited, and what it wrote to stderr. */
  stop(): Promise<{ code: number | null; stderr: string }>;
}

/** Start `node [flags] <entry>` in proxy/ with env, and wait until /api/health answers. */
export async function startProxyProcess(opts: {
  port: number;
  env: Record<string, string>;
  args: string[];
}): Promise<ProxyProcess> {
  const child = spawn(process.execPath, opts.args, {
    cwd: proxyDir,
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(opts.port), LOG_LEVEL: "warn", ...opts.env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  const url = `http://127.0.0.1:${opts.port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 300) throw new Error("proxy did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    signIn: async (username, password) => {
      const r = await fetch(`${url}/api/session`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username, password }),
      });
      if (r.status !== 204) throw new Error(`sign-in failed: ${r.status}`);
      return (r.headers.get("set-cookie") ?? "").split(";")[0] as string;
    },
    kill9: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve({ code: child.exitCode, stderr });
        child.once("exit", (code) => resolve({ code, stderr }));
        child.kill("SIGTERM");
      }),
  };
}
