// Usage: [AXE_LIVE=1] node axe.mjs FILE_OR_URL...
// Opens each page in headless Chromium, runs axe-core with its defaults (WCAG 2 A/AA and
// best practices) and prints {"FILE_OR_URL": [violations...]} as JSON. Exits 0 whatever
// the violations (the caller judges them); non-zero only when a page could not be checked.
import { createRequire } from "node:module";
import { launchChromium, toUrl } from "./chromium.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const targets = process.argv.slice(2);
if (targets.length === 0) {
  console.error("usage: node axe.mjs FILE_OR_URL...");
  process.exit(2);
}

const browser = await launchChromium();
try {
  // AXE_LIVE: a live page of ethos edit, whose policy allows its own scripts only: axe's
  // script is let in past it, and the closed <details> (which hide their content from axe)
  // are opened.
  const live = Boolean(process.env.AXE_LIVE);
  const page = await browser.newPage({ bypassCSP: live });
  const results = {};
  for (const target of targets) {
    await page.goto(toUrl(target), { waitUntil: "load" });
    if (live) {
      await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
    }
    await page.addScriptTag({ path: AXE });
    results[target] = await page.evaluate(async () => (await globalThis.axe.run()).violations);
  }
  process.stdout.write(JSON.stringify(results, null, 2) + "\n");
} finally {
  await browser.close();
}
