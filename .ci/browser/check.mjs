// Opens pages of a running Chorus in Debian's headless Chromium and reports,
// as JSON on stdout, what the Go browser tests assert on:
//   axe:     accessibility violations found by axe-core on each page;
//   dialogs: every alert/confirm/prompt a page fired (an XSS that ran),
//            and scripts the Content-Security-Policy blocked.
// Usage: node check.mjs CONFIG.json   (see forum/web/browser_test.go)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const config = JSON.parse(readFileSync(process.argv[2], "utf8"));

const browser = await chromium.launch({
  executablePath: config.chromium || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const results = [];
// One context and one tab for all pages: a new context costs about a second
// on a small machine. Cookies and colour scheme are reset for each page.
const context = await browser.newContext();
const page = await context.newPage();
let dialogs = [];
let cspViolations = [];
page.on("dialog", async (d) => { dialogs.push(`${d.type()}: ${d.message()}`); await d.dismiss(); });
page.on("console", (m) => {
  if (m.type() === "error" && /Content Security Policy/.test(m.text())) cspViolations.push(m.text());
});
try {
  for (const pg of config.pages) {
    dialogs = [];
    cspViolations = [];
    await context.clearCookies();
    if (pg.cookies) await context.addCookies(pg.cookies);
    await page.emulateMedia({ colorScheme: pg.colorScheme || "light" });
    const response = await page.goto(config.base + pg.path, { waitUntil: "load" });
    // Give handlers such as onload/onerror/ontoggle a moment to fire.
    await page.waitForTimeout(pg.wait ?? 100);
    const result = { path: pg.path, status: response ? response.status() : 0, dialogs, cspViolations };
    // Optional interaction: type into fields like a person (key by key),
    // wait for an element, and collect the texts of others.
    for (const f of pg.type || []) {
      await page.locator(f.selector).pressSequentially(f.text, { delay: 15 });
    }
    if (pg.settle) await page.waitForTimeout(pg.settle);
    if (pg.waitFor) {
      try {
        await page.waitForSelector(pg.waitFor, { timeout: 5000 });
      } catch (e) {
        result.waitFailed = String(e.message || e);
      }
    }
    if (pg.collect) result.collected = await page.locator(pg.collect).allTextContents();
    if (config.mode === "axe") {
      // Evaluated through the DevTools protocol, so the page's CSP (which
      // forbids inline script) does not block axe itself.
      await page.evaluate(axeSource);
      const options = { resultTypes: ["violations"] };
      if (pg.axeRules) options.runOnly = { type: "rule", values: pg.axeRules };
      const axe = await page.evaluate(async (opts) => await window.axe.run(document, opts), options);
      result.violations = axe.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
      }));
    }
    results.push(result);
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results));
