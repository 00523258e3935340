// The Temporal Web UI's Timeline tab opened cold by URL in Debian's chromium (headless, through playwright-core):
// when its first bars are in the page (`button.event`, "Event <name>: <state>", in Web UI 2.54; the SVG's
// `g[role=button]` in earlier versions), and when its layout settles
// (the last change to the page before two quiet seconds). Times are from navigation start, in the page's own clock.
//   node webui-timeline.mjs URL   ->   {"firstBarsMs": ..., "settledMs": ..., "bars": ...}
// HL_WEBUI_DIR names the folder tests/tools/install-peers.sh installed playwright-core into.
import { createRequire } from 'node:module';
import path from 'node:path';

const { chromium } = createRequire(path.join(process.env.HL_WEBUI_DIR, 'check.js'))('playwright-core');

const [url] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.HL_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  // Every change to the page is timed from the start.
  await page.addInitScript(() => {
    window.__bars = 'button.event[aria-label^="Event "], svg g[role="button"]';
    window.__lastChange = 0;
    new MutationObserver(() => { window.__lastChange = performance.now(); })
      .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.goto(url, { waitUntil: 'commit', timeout: 120000 });
  const firstBarsMs = await (await page.waitForFunction(() => {
    const bars = document.querySelectorAll(window.__bars).length;
    return bars > 0 ? performance.now() : false;
  }, null, { timeout: 120000, polling: 'raf' })).jsonValue();
  // Settled: two seconds without a change (at most two minutes).
  const settledMs = await (await page.waitForFunction(() => {
    const quiet = performance.now() - window.__lastChange;
    return quiet >= 2000 ? window.__lastChange : false;
  }, null, { timeout: 120000, polling: 100 })).jsonValue();
  const bars = await page.evaluate(() => document.querySelectorAll(window.__bars).length);
  console.log(JSON.stringify({ firstBarsMs, settledMs, bars }));
} finally {
  await browser.close();
}
