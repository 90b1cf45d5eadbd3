/**
 * A picture of a whole report (or of a live dashboard), top to bottom, as a person sees it:
 * `bin/pnpm report:screenshot results/<run>/report.html report.png`. Drives Debian's
 * Chromium through playwright-core (no browser download); waits until every chart has drawn.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2).filter((arg) => arg !== '--');
const [page, out = 'report.png'] = args;
const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const usage = 'usage: bin/pnpm report:screenshot <report.html or http://127.0.0.1:PORT/> [out.png]';
const flag = args.find((arg) => arg.startsWith('-'));
if (flag !== undefined) {
  process.stderr.write(`report:screenshot takes no options (got "${flag}"): give the page, then the picture's file, e.g. report.png\n${usage}\n`);
  process.exit(2);
}
if (page === undefined || args.length > 2) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
if (!/\.(png|jpe?g)$/i.test(out)) {
  process.stderr.write(`the picture's file must end in .png or .jpg (got "${out}")\n${usage}\n`);
  process.exit(2);
}
if (!existsSync(executablePath)) {
  process.stderr.write(`no Chromium at ${executablePath}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH\n`);
  process.exit(3);
}
const url = /^https?:\/\//.test(page) ? page : pathToFileURL(path.resolve(page)).href;
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
try {
  const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await tab.goto(url);
  await tab.waitForFunction("document.documentElement.getAttribute('data-charts-ready') === 'true'", null, { timeout: 15_000 });
  await tab.screenshot({ path: out, fullPage: true });
  process.stdout.write(`${out}\n`);
} finally {
  await browser.close();
}
