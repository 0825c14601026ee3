// Debian's Chromium, driven by playwright-core: the one browser both scripts open pages in.
// Playwright never downloads a browser here; it launches /usr/bin/chromium (`make test`
// installs it through scripts/system-deps.sh --test).
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

// No network beyond the page itself: this machine's closed network makes Chromium's
// background fetches (QUIC, component updates, sync) hang or fail noisily.
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium() {
  return chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: FLAGS });
}

// A URL as given, or a file path as a file:// URL.
export function toUrl(target) {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target : pathToFileURL(resolve(target)).href;
}
