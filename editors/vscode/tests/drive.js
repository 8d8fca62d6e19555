// Opens code-server in headless Chromium so that VS Code starts its extension host (it
// starts only when a browser connects), waits for the harness's verdict file, prints it
// and exits 0 only if every check passed.
//   PLAYWRIGHT_DIR=<dir with node_modules/playwright-core> node drive.js URL VERDICT SCREENSHOT
'use strict';

const fs = require('fs');
const { chromium } = require(require.resolve('playwright-core', { paths: [process.env.PLAYWRIGHT_DIR || '.'] }));

async function main() {
  const [url, verdictFile, screenshot] = process.argv.slice(2);
  const waitMs = Number(process.env.E2E_VERDICT_WAIT_MS || 180000);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  let ok = false;
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    const start = Date.now();
    while (!fs.existsSync(verdictFile) && Date.now() - start < waitMs) await page.waitForTimeout(500);
    if (!fs.existsSync(verdictFile)) throw new Error(`no verdict from the harness within ${waitMs / 1000} s`);
    const verdict = JSON.parse(fs.readFileSync(verdictFile, 'utf8'));
    for (const [name, passed] of Object.entries(verdict.checks)) {
      console.log(`${passed ? 'ok  ' : 'FAIL'} - ${name}${passed ? '' : ': ' + JSON.stringify(verdict.details[name])}`);
    }
    if (verdict.error) console.log(`FAIL - harness error: ${verdict.error}`);
    // What the user sees: squiggles in the editor.
    await page.waitForTimeout(1000);
    console.log(`squiggles in the editor: ${await page.locator('.squiggly-warning, .squiggly-error').count()}`);
    ok = verdict.ok === true;
  } catch (e) {
    console.log(`FAIL - driver: ${e.message}`);
  }
  await page.screenshot({ path: screenshot }).catch(() => {});
  await browser.close();
  process.exit(ok ? 0 : 1);
}

main();
