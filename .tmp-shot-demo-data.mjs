import { chromium } from '@playwright/test';
const url = process.argv[2]; const out = process.argv[3]; const click = process.argv[4];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.goto(url);
await page.waitForTimeout(4000);
if (click) { await page.getByRole('row').nth(Number(click)).click(); await page.waitForTimeout(1500); }
await page.screenshot({ path: out });
await browser.close();
