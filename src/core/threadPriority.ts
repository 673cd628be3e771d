import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lowers the calling thread's priority where the OS has per-thread priorities (Linux); elsewhere, or
 * when not permitted, nothing changes. For worker threads whose work must give way to the main thread.
 */
export function niceThisThread(niceness: number): void {
  try {
    // "<pid>/task/<tid>": setpriority on a thread id changes that thread alone.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, niceness);
  } catch {
    // No /proc/thread-self (not Linux) or not permitted: the thread keeps its priority.
  }
}
