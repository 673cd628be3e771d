import { readFileSync } from 'node:fs';

/** sysconf(_SC_CLK_TCK): 100 on every Linux Node supports. */
const CLOCK_TICKS = 100;

/**
 * CPU ms used so far by this process's main thread alone (Linux: /proc/self/task/<pid>/stat, in 10 ms
 * ticks), or null elsewhere. process.cpuUsage() counts every thread: worker threads, V8's GC helpers and
 * libuv's pool. A stall during which the main thread was on CPU is a block by code on that thread; one
 * during which it was off CPU is a wait for a core that other threads and processes held.
 */
export function mainThreadCpuMs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
