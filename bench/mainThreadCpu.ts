import { readFileSync } from 'node:fs';

/** sysconf(_SC_CLK_TCK): 100 on every Linux Node supports. */
const CLOCK_TICKS = 100;

export interface MainThreadTimes {
  /** ms this process's main thread has run on a CPU. */
  cpuMs: number;
  /** ms it has waited, runnable, for a CPU (null when the kernel does not say). */
  waitMs: number | null;
}

/**
 * CPU and run-queue time so far of this process's main thread alone (Linux: /proc/self/task/<pid>/schedstat
 * in ns, else its stat in 10 ms ticks), or null elsewhere. process.cpuUsage() counts every thread: worker
 * threads, V8's GC helpers and libuv's pool. A stall during which the main thread ran is a block by code on
 * that thread; one during which it waited in the run queue is a wait for a core other threads and
 * processes held.
 */
export function mainThreadTimes(): MainThreadTimes | null {
  const task = `/proc/self/task/${process.pid}`;
  try {
    const [runNs, waitNs] = readFileSync(`${task}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isFinite(runNs) && Number.isFinite(waitNs)) return { cpuMs: runNs / 1e6, waitMs: waitNs / 1e6 };
  } catch {
    // No schedstat: fall back to stat's tick counts.
  }
  try {
    const stat = readFileSync(`${task}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS, waitMs: null };
  } catch {
    return null;
  }
}
