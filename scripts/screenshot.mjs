// Takes the README screenshot from the demo (scripts/demo.mjs): the real
// headless app with generated chats, photographed by Debian's Chromium
// through playwright-core (frontend/e2e's copy; never a downloaded browser).
//
//   make screenshot            (writes docs/screenshot.png)
//   node scripts/screenshot.mjs OUT.png
import { createRequire } from 'node:module';
import path from 'node:path';
import { startDemo } from './demo.mjs';

const root = path.resolve(import.meta.dirname, '..');
const { chromium } = createRequire(path.join(root, 'frontend', 'e2e', 'package.json'))('playwright-core');
const out = path.resolve(process.argv[2] ?? path.join(root, 'docs', 'screenshot.png'));

const demo = await startDemo({ apiAddr: '127.0.0.1:0' });
let browser;
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  await page.goto(demo.loginLink);
  await page.getByTestId('nav-chats').click();
  await page.getByTestId('chat-row').first().waitFor();
  // The chat list, full of named chats and groups: the archive at a glance.
  await page.waitForTimeout(1000);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser?.close();
  await demo.stop();
}
