// Usage: node reload.mjs URL
// Opens an `ethos serve` page in headless Chromium and reports its title, then waits for
// the page to reload by itself (the server's reload script) and reports the new title.
// Prints one JSON line per event: {"event": "loaded"|"reloaded", "title": ...}; exits 1
// when no reload comes within 60 s.
import { launchChromium } from "./chromium.mjs";

const [url] = process.argv.slice(2);
if (!url) {
  console.error("usage: node reload.mjs URL");
  process.exit(2);
}

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  const blocked = [];
  page.on("console", (message) => {
    if (message.type() === "error") blocked.push(message.text());
  });
  // The reload script asks for /events once it runs; a policy that blocked it would not.
  const listening = page.waitForRequest((request) => request.url().endsWith("/events"),
    { timeout: 10000 });
  await page.goto(url, { waitUntil: "load" });
  await listening;
  console.log(JSON.stringify({ event: "loaded", title: await page.title(), errors: blocked }));
  const reloaded = page.waitForEvent("load", { timeout: 60000 });
  await reloaded;
  console.log(JSON.stringify({ event: "reloaded", title: await page.title(), errors: blocked }));
} catch (error) {
  console.log(JSON.stringify({ event: "failed", error: String(error) }));
  process.exitCode = 1;
} finally {
  await browser.close();
}
