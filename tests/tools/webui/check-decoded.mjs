// Opens a Temporal Web UI page in Debian's chromium (headless, through playwright-core) and waits for TEXT, which
// only a decoded payload holds; saves a screenshot either way and prints what happened as JSON:
//   node check-decoded.mjs URL TEXT SCREENSHOT
// {"found": bool, "codecRequests": ["POST http://.../decode?..."], "failedRequests": [...], "text": "<page text when not found>"}
// HL_WEBUI_DIR names the folder tools/install-peers.sh installed playwright-core into.
import { createRequire } from 'node:module';
import path from 'node:path';

const { chromium } = createRequire(path.join(process.env.HL_WEBUI_DIR, 'check.js'))('playwright-core');

const [url, text, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.HL_CHROMIUM || '/usr/bin/chromium',
  // As root (CI) chromium's sandbox cannot start.
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
const result = { found: false, codecRequests: [], failedRequests: [] };
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  page.on('request', (request) => {
    if (/\/(de|en)code(\?|$)/.test(request.url())) result.codecRequests.push(`${request.method()} ${request.url()}`);
  });
  page.on('requestfailed', (request) => result.failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`));
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 90000 });
  try {
    await page.getByText(text, { exact: false }).first().waitFor({ timeout: 90000 });
    result.found = true;
  } catch {
    result.text = (await page.innerText('body')).slice(0, 3000);
  }
  await page.screenshot({ path: screenshot, fullPage: false });
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
