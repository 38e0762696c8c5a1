import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../playwright.config';
const base = 'http://127.0.0.1:4201';
const path = process.argv[2] ?? '/';
const b = await chromium.launch(chromiumLaunchOptions);
const c = await b.newContext({ viewport: { width: 360, height: 740 } });
const p = await c.newPage();
const cdp = await c.newCDPSession(p);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
await p.goto(base + path, { waitUntil: 'commit' });
await p.waitForFunction(() => performance.getEntriesByName('bank-update-done').length > 0, undefined, { timeout: 60000, polling: 100 });
const { profile } = await cdp.send('Profiler.stop');
const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
const self = new Map<string, number>();
const dt = profile.timeDeltas; const samples = profile.samples;
for (let i = 0; i < samples.length; i++) { const n: any = byId.get(samples[i]); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000); }
const byUrl = new Map<string, number>();
for (const [k, v] of self) { const u = k.split(' ').pop()!.split(':')[0]; byUrl.set(u, (byUrl.get(u) ?? 0) + v); }
console.log([...byUrl].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${v.toFixed(0)}ms ${k}`).join('\n'));
console.log('---');
console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(0)}ms ${k}`).join('\n'));
await b.close();
