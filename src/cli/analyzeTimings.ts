import type { ModelHostPool } from '../model/hostPool';

/** The environment variable that turns analyze's timings on (`npm run bench` sets it). */
export const TIMINGS_VARIABLE = 'LANDMARK_LENS_TIMINGS';

/**
 * Where the time of one `analyze` went, for `npm run bench`: ms since the process started at each step
 * (`loaded`: the first host's model loaded and probed; the others may load later),
 * each model host's start on the same clock (forked, node up, onnxruntime loaded, model load asked and done),
 * the hosts' time in onnxruntime and this process's CPU during the analysis and in all, written to stderr as
 * one line `analyze timings: {json}` when LANDMARK_LENS_TIMINGS=1. The output itself does not change.
 */
export class AnalyzeTimings {
  private readonly marks: Record<string, number> = {};
  private busyBefore: number[] = [];
  private cpuBefore: NodeJS.CpuUsage | null = null;
  private hostBusyMs: number[] = [];
  private cpuMs = 0;
  private hostStarts: Array<Record<string, number> | null> = [];

  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): AnalyzeTimings | null {
    return env[TIMINGS_VARIABLE] === '1' ? new AnalyzeTimings() : null;
  }

  mark(step: 'command' | 'read' | 'loaded' | 'analysing' | 'analysed' | 'written'): void {
    this.marks[step] = Math.round(performance.now());
  }

  analysisStarts(pool: ModelHostPool): void {
    this.mark('analysing');
    this.busyBefore = pool.clients.map((c) => c.busyMs);
    this.cpuBefore = process.cpuUsage();
  }

  analysisEnds(pool: ModelHostPool): void {
    this.mark('analysed');
    // Read now: the hosts after the first may still have been loading when the analysis started.
    this.hostStarts = pool.clients.map((c) => {
      const s = c.startTimes;
      return s && { forked: Math.round(s.forkedMs), nodeReady: Math.round(s.nodeReadyMs), listening: Math.round(s.listeningMs), loadStart: Math.round(s.loadStartMs), loaded: Math.round(s.loadedMs) };
    });
    this.hostBusyMs = pool.clients.map((c, i) => Math.round(c.busyMs - (this.busyBefore[i] ?? 0)));
    const cpu = process.cpuUsage(this.cpuBefore ?? undefined);
    this.cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  }

  /** The line, once the output is written: with this process's CPU so far, all threads (the session's readers too). */
  line(windows: number): string {
    const cpu = process.cpuUsage();
    const processCpuMs = Math.round((cpu.user + cpu.system) / 1000);
    return `analyze timings: ${JSON.stringify({ ...this.marks, windows, hostBusyMs: this.hostBusyMs, analysisCpuMs: this.cpuMs, processCpuMs, hosts: this.hostStarts })}\n`;
  }
}
