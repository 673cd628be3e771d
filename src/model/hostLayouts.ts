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
 * layouts `npm run bench` compares, or close to it), both niced: analysis is background work, and a host
 * at normal priority makes the extension host's own thread wait for a core while a session is analysed
 * (the perf suite shows it). Niceness costs nothing when the cores are otherwise idle.
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
