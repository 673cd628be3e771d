import { ModelHostPool } from './hostPool';

/** How many model hosts a loader keeps, and at what priority. */
export interface HostLayout {
  hosts: number;
  /** onnxruntime's intra-op threads per host (default 1). */
  intraOpThreads?: number;
  /** Niceness of every host (process and, on Linux, its session's autogroup); absent: the extension host's. */
  niceness?: number;
}

/**
 * Replay analysis: two single-threaded hosts, each running half of every batch (the fastest of the
 * layouts `npm run bench` compares on the development machines, or close to it), both niced: analysis is
 * background work: with the first at normal priority, the extension host's own thread waited for a core
 * ~100 ms at a time while a session was analysed (perf suite). Niceness costs nothing when the cores are
 * otherwise idle.
 */
export const REPLAY_HOSTS: HostLayout = { hosts: 2, niceness: 10 };
/** Live frames: one window at a time, at normal priority, so replies keep their latency. */
export const LIVE_HOSTS: HostLayout = { hosts: 1 };

/** Model hosts of `hostScript` (dist/modelhost.js) laid out as `layout`, started from the calling thread. */
export function hostPoolFor(hostScript: string, layout: HostLayout, onCrash: (message: string) => void): ModelHostPool {
  return new ModelHostPool({
    hostScript,
    hosts: layout.hosts,
    intraOpThreads: layout.intraOpThreads ?? 1,
    niceness: layout.niceness,
    backgroundNiceness: layout.niceness,
    onCrash,
  });
}
