import { startConsole } from "../test/console-harness.js";
import { startSandbox } from "../test/sandbox-harness.js";

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] as number;

/** Added latency of a forwarded read: the same GET, straight to the sandbox and through the proxy. */
export async function benchProxyLatency(): Promise<Record<string, string | number>> {
  const apple = await startSandbox({ limits: { maxRequestPerSecond: 1_000_000 } });
  const { cToken: token } = await apple.mint();
  const c = await startConsole({ VPP_BASE_URL: apple.base, SANDBOX: "off" });
  const cookie = await c.signIn();
  const { id } = (await c.call("POST", "/api/locations", { cookie, body: token })).body as { id: string };

  const paths = ["client/config", "assets", "assignments?pageIndex=3"];
  const direct: number[] = [];
  const proxied: number[] = [];
  const time = async (u: string, headers: Record<string, string>) => {
    const t0 = performance.now();
    const res = await fetch(u, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${u}: ${res.status}`);
    return performance.now() - t0;
  };
  for (let i = 0; i < 50; i++) await time(`${c.url}/api/locations/${id}/vpp/assets`, { Cookie: cookie }); // warm-up
  const n = 600;
  for (let i = 0; i < n; i++) {
    const p = paths[i % paths.length] as string;
    direct.push(await time(`${apple.base}/${p}`, { Authorization: `Bearer ${token}` }));
    proxied.push(await time(`${c.url}/api/locations/${id}/vpp/${p}`, { Cookie: cookie }));
  }
  await c.close();
  await apple.close();
  const f = (x: number) => x.toFixed(2);
  return {
    "requests each way": n,
    "direct median / p99 (ms)": `${f(pct(direct, 50))} / ${f(pct(direct, 99))}`,
    "through proxy median / p99 (ms)": `${f(pct(proxied, 50))} / ${f(pct(proxied, 99))}`,
    "added latency median / p99 (ms)": `${f(pct(proxied, 50) - pct(direct, 50))} / ${f(pct(proxied, 99) - pct(direct, 99))}`,
  };
}
