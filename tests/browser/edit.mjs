// Usage: node edit.mjs ADDRESS [SCREENSHOT.png]
// Drives `ethos edit` in headless Chromium as a user would, with the keyboard and the
// mouse, and prints one JSON line per step for tests/test_edit.py to judge:
//   loaded -> (edits a stance, a parameter, an Italian text; adds a value) -> previewed ->
//   saved -> (types an invalid number) -> invalid -> refused -> (waits for a line on stdin:
//   the test edits the file on disk meanwhile) -> conflict -> both.
// With SCREENSHOT.png, only loads the editor and saves a picture of it.
import { createInterface } from "node:readline";
import { launchChromium } from "./chromium.mjs";

const [address, screenshot] = process.argv.slice(2);
if (!address) {
  console.error("usage: node edit.mjs ADDRESS [SCREENSHOT.png]");
  process.exit(2);
}
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const say = (event, data = {}) => process.stdout.write(JSON.stringify({ event, ...data }) + "\n");
const TIMEOUT = 30_000;

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const failures = [];
  page.on("console", (message) => {
    // A refused save answers 409 or 422, which Chromium logs: those are expected here.
    if (message.type() === "error" && !/status of (409|422)/.test(message.text())) failures.push(message.text());
  });
  page.on("pageerror", (error) => failures.push(String(error)));
  await page.goto(address, { waitUntil: "load" });
  await page.waitForSelector("#form .part");
  const preview = page.frameLocator("#preview");
  await preview.locator("h1").first().waitFor({ timeout: TIMEOUT });
  if (screenshot) {
    await page.evaluate(() => document.fonts.ready);
    const open = process.argv[4];
    if (open) {
      await page.locator(`#${open} > summary`).click();
      await page.locator(`#${open}`).scrollIntoViewIfNeeded();
    }
    await page.waitForTimeout(500);
    await page.screenshot({ path: screenshot });
    say("screenshot", { failures });
    process.exit(0);
  }
  say("loaded", { status: await page.textContent("#status") });

  // A stance: open the policy with the keyboard and choose another stance.
  await page.locator("#f-policies-loyalty > summary").focus();
  await page.keyboard.press("Enter");
  await page.locator("#f-policies-loyalty-stance-none").check();
  await page.waitForFunction(() => document.querySelector("#status").textContent.includes("Unsaved"));

  // A parameter, typed into its number box.
  await page.locator("#f-policies-returns > summary").click();
  await page.locator("#f-policies-returns-window_days").fill("45");
  await page.locator("#f-policies-returns-window_days").press("Tab");

  // An Italian text, and a value from the catalog.
  await page.locator("#f-company-industry-_it").fill("elettronica di consumo, online e in due negozi");
  await page.locator("#f-company-industry-_it").press("Tab");
  await page.locator("#add-catalog-value").selectOption("empathy");
  await page.getByRole("button", { name: "Add value" }).click();
  await page.waitForSelector("#f-values-6");

  // The preview follows the draft before anything is saved: it reloads after each change.
  await preview.locator("text=45 days").first().waitFor({ timeout: TIMEOUT });
  await preview.locator("text=Empathy").first().waitFor({ timeout: TIMEOUT });
  say("previewed", { empathy: await preview.locator("text=Empathy").count() });

  await page.getByRole("button", { name: "Save" }).click();
  await page.waitForFunction(() => document.querySelector("#status").textContent.startsWith("Saved"));
  say("saved", { status: await page.textContent("#status") });

  // An invalid number: the check's message at the field; saving is refused.
  await page.locator("#f-policies-returns-window_days").fill("0");
  await page.locator("#f-policies-returns-window_days").press("Tab");
  const problem = page.locator("#f-policies-returns-window_days-problems .problem");
  await problem.first().waitFor({ timeout: TIMEOUT });
  say("invalid", {
    problem: await problem.first().textContent(),
    invalid: await page.getAttribute("#f-policies-returns-window_days", "aria-invalid"),
    status: await page.textContent("#status"),
  });
  await page.keyboard.press("Control+s");
  await page.waitForSelector("#message:not([hidden])");
  say("refused", { message: await page.textContent("#message") });

  // The file changes on disk while the page is open.
  say("waiting");
  await lines.next();
  await page.waitForSelector("#conflict:not([hidden])", { timeout: TIMEOUT });
  say("conflict", { text: await page.textContent("#conflict p") });
  await page.getByRole("button", { name: "Show both versions" }).click();
  await page.waitForSelector("#both-box:not([hidden])");
  await page.evaluate(() => { document.querySelector("#message").hidden = true; });
  await page.getByRole("button", { name: "Save my version over it" }).click();
  await page.waitForSelector("#message:not([hidden])");
  say("both", { diff: await page.textContent("#both"), message: await page.textContent("#message"), failures });
} finally {
  await browser.close();
}
