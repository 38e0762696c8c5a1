import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../playwright.config';
const base = 'http://127.0.0.1:4201';
const b = await chromium.launch(chromiumLaunchOptions);
for (let i = 0; i < 2; i++) {
const c = await b.newContext({ viewport: { width: 360, height: 740 } });
const p = await c.newPage();
await p.addInitScript({ content: `window.__lt=[];new PerformanceObserver(l=>window.__lt.push(...l.getEntries().map(e=>[Math.round(e.startTime),Math.round(e.duration),JSON.stringify(e.attribution?.map(a=>a.containerSrc||a.name))]))).observe({type:'longtask',buffered:true});` });
const cdp = await c.newCDPSession(p);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
await p.goto(base + '/', { waitUntil: 'commit' });
await p.waitForFunction(() => performance.getEntriesByName('bank-update-done').length > 0, undefined, { timeout: 60000, polling: 100 });
console.log(await p.evaluate(() => JSON.stringify({ lt: (window as any).__lt, marks: performance.getEntriesByType('mark').map(m => [m.name, Math.round(m.startTime)]), nav: performance.getEntriesByType('navigation').map((n: any) => [Math.round(n.responseStart), Math.round(n.domContentLoadedEventEnd), Math.round(n.loadEventEnd)]), res: performance.getEntriesByType('resource').filter(r=>r.name.includes('.js')).map(r => [r.name.split('/').pop(), Math.round(r.startTime), Math.round(r.responseEnd)]) }, null, 0)));
await c.close();
}
await b.close();
