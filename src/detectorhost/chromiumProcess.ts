import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Flags for a quiet, offline, throw-away headless Chromium (no GPU: WebGL is SwiftShader's). */
export const HEADLESS_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--mute-audio',
];

/** A headless Chromium showing one page, with a fresh profile folder removed when it stops. */
export class ChromiumProcess {
  private readonly child: ChildProcess;
  private readonly profile: string;
  private stderrTail: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(executable: string, url: string) {
    this.profile = mkdtempSync(join(tmpdir(), 'landmark-lens-chromium-'));
    this.child = spawn(executable, [...HEADLESS_FLAGS, `--user-data-dir=${this.profile}`, url], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (text: string) => {
      this.stderrTail.push(...text.split('\n').filter((l) => l.trim()));
      if (this.stderrTail.length > 20) this.stderrTail = this.stderrTail.slice(-20);
    });
    this.exited = new Promise((resolve) => {
      this.child.once('error', () => resolve({ code: null, signal: null }));
      this.child.once('exit', (code, signal) => resolve({ code, signal }));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Chromium's last lines of stderr that look like errors, for a message. */
  lastError(): string {
    const errors = this.stderrTail.filter((l) => /error|fatal|cannot|failed/i.test(l));
    return (errors.at(-1) ?? this.stderrTail.at(-1) ?? '').trim().slice(0, 300);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const killer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      await this.exited;
      clearTimeout(killer);
    }
    // Chromium's helper processes can still be writing there for a moment after it exits.
    try {
      rmSync(this.profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch {
      // A leftover temporary folder is not worth failing for.
    }
  }
}
