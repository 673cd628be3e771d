// The long tasks of a page's main thread in a Chromium trace (devtools.timeline categories, as
// bench/webview-frames.mjs --profile records them), each with the events that took most of it: script
// (by function where the trace names it), style, layout, paint, GC, message decoding.
// Usage: node bench/traceTasks.mjs <trace.json> [--over 50]
import { readFileSync } from 'node:fs';

/** The main thread's tasks over `overMs` in `trace` (a Chromium trace object), with their children's time by name. */
export function longTasks(trace, overMs = 50) {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  // The renderer's main thread: the one named CrRendererMain with the most events.
  const names = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const count = new Map();
  for (const e of events) if (e.ph === 'X') count.set(`${e.pid}:${e.tid}`, (count.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  const main = names.map((n) => `${n.pid}:${n.tid}`).sort((a, b) => (count.get(b) ?? 0) - (count.get(a) ?? 0))[0];
  const onMain = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const start = onMain[0]?.ts ?? 0;
  const tasks = onMain.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  const out = [];
  for (const task of tasks) {
    if (task.dur / 1000 <= overMs) continue;
    const end = task.ts + task.dur;
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= end);
    const byName = new Map();
    for (const e of inside) {
      const fn = e.args?.data?.functionName || e.args?.data?.url?.split('/').pop() || e.args?.data?.type || '';
      const key = fn ? `${e.name}(${fn})` : e.name;
      byName.set(key, (byName.get(key) ?? 0) + e.dur);
    }
    out.push({
      atMs: Math.round((task.ts - start) / 1000),
      ms: Math.round(task.dur / 1000),
      inside: [...byName].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([name, us]) => `${name} ${Math.round(us / 100) / 10}`),
    });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node bench/traceTasks.mjs <trace.json> [--over 50]');
    process.exit(2);
  }
  const i = process.argv.indexOf('--over');
  for (const t of longTasks(JSON.parse(readFileSync(file, 'utf8')), i > 0 ? Number(process.argv[i + 1]) : 50)) {
    console.log(`${t.ms} ms at ${t.atMs} ms: ${t.inside.join(' | ')}`);
  }
}
