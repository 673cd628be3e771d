// Where a page's long tasks go, from a V8 CPU profile (CDP Profiler, .cpuprofile JSON): the runs of
// samples between idle ones longer than a threshold, each with the functions that took most of it,
// self time and total (inclusive) time, so that a long task's cause can be named.
// Usage: node bench/cpuProfileTasks.mjs <file.cpuprofile> [--over 50] [--top 12]
import { readFileSync } from 'node:fs';

/**
 * Busy runs of `profile` longer than `overMs`: for each, its start (ms from the profile's start), its
 * length, and the functions by self and total time within it (`name file:line`).
 */
export function longRuns(profile, overMs = 50, top = 12) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n) => {
    const f = n.callFrame;
    const file = f.url ? f.url.split('/').pop() : '';
    return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
  };
  const idle = (id) => nodes.get(id)?.callFrame.functionName === '(idle)';
  const runs = [];
  let t = profile.startTime;
  let run = null;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (idle(id)) {
      if (run) runs.push(run);
      run = null;
      return;
    }
    run ??= { start: t, end: t, samples: [] };
    run.end = t + (profile.timeDeltas[i + 1] ?? 0);
    run.samples.push({ id, dt: profile.timeDeltas[i + 1] ?? 0 });
  });
  if (run) runs.push(run);
  return runs
    .filter((r) => (r.end - r.start) / 1000 > overMs)
    .map((r) => {
      const self = new Map();
      const total = new Map();
      for (const { id, dt } of r.samples) {
        const n = nodes.get(id);
        self.set(label(n), (self.get(label(n)) ?? 0) + dt);
        const seen = new Set();
        for (let p = id; p !== undefined; p = parent.get(p)) {
          const name = label(nodes.get(p));
          if (seen.has(name)) continue;
          seen.add(name);
          total.set(name, (total.get(name) ?? 0) + dt);
        }
      }
      const rank = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10 }));
      return { atMs: Math.round((r.start - profile.startTime) / 1000), ms: Math.round((r.end - r.start) / 1000), self: rank(self), total: rank(total) };
    });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  const flag = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  if (!file) {
    console.error('usage: node bench/cpuProfileTasks.mjs <file.cpuprofile> [--over 50] [--top 12]');
    process.exit(2);
  }
  for (const r of longRuns(JSON.parse(readFileSync(file, 'utf8')), flag('--over', 50), flag('--top', 12))) {
    console.log(`\n${r.ms} ms at ${r.atMs} ms`);
    console.log(`  total: ${r.total.map((f) => `${f.name} ${f.ms}`).join(' | ')}`);
    console.log(`  self:  ${r.self.map((f) => `${f.name} ${f.ms}`).join(' | ')}`);
  }
}
