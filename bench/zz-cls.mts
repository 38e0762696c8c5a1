import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../playwright.config';
const base = 'http://127.0.0.1:4201';
const b = await chromium.launch(chromiumLaunchOptions);
for (const path of ['/', '/study']) {
const c = await b.newContext({ viewport: { width: 360, height: 740 } });
const p = await c.newPage();
await p.addInitScript({ content: `window.__s=[];new PerformanceObserver(l=>{for(const e of l.getEntries())window.__s.push([Math.round(e.startTime),e.value.toFixed(3),e.sources.map(s=>(s.node?.outerHTML||'?').slice(0,90)+' '+JSON.stringify([s.previousRect.y,s.currentRect.y,s.previousRect.height,s.currentRect.height]))])}).observe({type:'layout-shift',buffered:true});` });
await p.goto(base + path, { waitUntil: 'commit' });
await p.waitForFunction(() => performance.getEntriesByName('bank-update-done').length > 0, undefined, { timeout: 60000, polling: 100 });
await p.waitForTimeout(1000);
console.log(path, JSON.stringify(await p.evaluate(() => (window as any).__s), null, 1));
await c.close();
}
await b.close();
