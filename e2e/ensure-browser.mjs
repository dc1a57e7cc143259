// Makes sure a Chromium exists for Playwright: Debian's when apt is available (no browser
// downloads on these machines), otherwise Playwright's own browser is used as installed.
import { execSync } from "node:child_process";
import fs from "node:fs";

const debian = "/usr/bin/chromium";
if (!fs.existsSync(debian)) {
  const canApt = process.getuid?.() === 0 && fs.existsSync("/usr/bin/apt-get");
  if (canApt) {
    console.log("Installing Debian's Chromium for the browser tests…");
    execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium", {
      stdio: "inherit",
    });
  } else {
    console.warn(`No ${debian}: Playwright's own Chromium will be used (npx playwright install chromium).`);
  }
}
