import { describe, expect, it } from "vitest";
import { SerialPasses } from "./serial-passes.js";

/** A pass that waits to be let go, counting how many ran and whether two ever overlapped. */
function gatedPass() {
  const seen = { started: 0, overlapped: false, active: 0 };
  const gates: (() => void)[] = [];
  const pass = async () => {
    seen.started++;
    seen.overlapped ||= seen.active > 0;
    seen.active++;
    await new Promise<void>((r) => gates.push(r));
    seen.active--;
  };
  const release = async () => {
    while (gates.length === 0) await new Promise((r) => setTimeout(r, 1));
    gates.shift()?.();
  };
  return { seen, pass, release };
}

describe("SerialPasses", () => {
  it("when asked several times while a pass runs, then exactly one more pass follows, never overlapping, and every promise ends after it", async () => {
    const g = gatedPass();
    const passes = new SerialPasses(g.pass);
    const first = passes.run();
    const during = [passes.run(), passes.run(), passes.run()];
    let settled = 0;
    for (const p of [first, ...during]) void p.then(() => settled++);
    await g.release(); // the first pass ends; the one asked for meanwhile starts
    await g.release();
    await Promise.all([first, ...during]);
    expect(g.seen).toMatchObject({ started: 2, overlapped: false });
    expect(settled).toBe(4);
  });

  it("when nothing is asked meanwhile, then one pass runs, and idle resolves at once afterwards", async () => {
    const g = gatedPass();
    const passes = new SerialPasses(g.pass);
    const run = passes.run();
    let idle = false;
    void passes.idle().then(() => (idle = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(idle).toBe(false); // a pass is under way
    await g.release();
    await run;
    expect(g.seen.started).toBe(1);
    await expect(passes.idle()).resolves.toBeUndefined();
  });

  it("when a pass fails, then its callers see the failure and the next run starts afresh", async () => {
    let calls = 0;
    const passes = new SerialPasses(async () => {
      calls++;
      if (calls === 1) throw new Error("mail server down");
    });
    await expect(passes.run()).rejects.toThrow("mail server down");
    await passes.run();
    expect(calls).toBe(2);
  });
});
