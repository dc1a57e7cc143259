import { benchExport } from "./export.js";
import { benchJobs } from "./jobs.js";
import { benchProxyLatency } from "./proxy-latency.js";
import { benchReclaim } from "./reclaim.js";
import { benchSandboxScale } from "./sandbox-scale.js";
import { benchSync } from "./sync.js";

/** `pnpm bench`: each benchmark prints its figures; numbers are measured here, never asserted. */
const benches: [string, () => Promise<Record<string, string | number>>][] = [
  ["sandbox at 2,000,000 assignments", benchSandboxScale],
  ["proxy added latency per forwarded read", benchProxyLatency],
  ["CSV export of 1,000,000 assignments", benchExport],
  ["jobs on the sandbox: submit to COMPLETE", benchJobs],
  ["location sync at 2,000,000 assignments", benchSync],
  ["reclaim preview at 2,000,000 assignments and 30,000 serials", benchReclaim],
];

const only = process.argv[2];
for (const [name, run] of benches) {
  if (only && !name.includes(only)) continue;
  console.log(`\n## ${name}`);
  const result = await run();
  for (const [k, v] of Object.entries(result)) console.log(`- ${k}: ${v}`);
}
