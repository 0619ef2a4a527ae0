import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
await page.goto('http://127.0.0.1:35275/#token=8mmicbLlbpaDMXVhkWAjFy1NG51aV10yV3H7WJqfURU');
await page.waitForSelector('[data-incident-id]');
await page.hover('[aria-label="Team column options"]');
await page.waitForTimeout(300);
const info = await page.evaluate(() => {
  const b = document.querySelector('[aria-label="Team column options"]');
  const r = b.getBoundingClientRect();
  const cs = getComputedStyle(b);
  const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
  return { rect: [r.x, r.y, r.width, r.height], position: cs.position, pe: cs.pointerEvents, hit: hit?.outerHTML.slice(0, 120) };
});
console.log(info);
await browser.close();
