// Usage: node screenshot.mjs URL_OR_FILE OUT.png [WIDTH HEIGHT]
// A PNG of the page in headless Chromium: the whole page, 1280 px wide, by default; only
// the WIDTH x HEIGHT viewport when both are given.
import { launchChromium, toUrl } from "./chromium.mjs";

const [target, out, width, height] = process.argv.slice(2);
if (!target || !out || (width && !height)) {
  console.error("usage: node screenshot.mjs URL_OR_FILE OUT.png [WIDTH HEIGHT]");
  process.exit(2);
}

const browser = await launchChromium();
try {
  const viewport = { width: Number(width ?? 1280), height: Number(height ?? 800) };
  const page = await browser.newPage({ viewport });
  await page.goto(toUrl(target), { waitUntil: "load" });
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: out, fullPage: !height });
} finally {
  await browser.close();
}
