// Helpers for the live server tests: a deterministic model at the ModelRunner boundary, hand frames that
// steer it, a real `ws` client that collects replies, and a manual wall clock.
import { WebSocket } from 'ws';
import { BACKEND_DEFAULT_PROFILE, type PipelineProfile } from '../../../src/core/model/profile';
import type { ModelRunner } from '../../../src/core/pipeline/types';
import { LivePipeline } from '../../../src/core/pipeline/livePipeline';
import { LiveServer, type LiveServerOptions } from '../../../src/liveserver/liveServer';

export const PROFILE: PipelineProfile = structuredClone(BACKEND_DEFAULT_PROFILE) as PipelineProfile;

/**
 * A hand whose thumb CMC (point 1) sits at x offset `letter / 29` of the pinky tip's offset, so after the
 * backend's wrist-maxabs normalization value 3 of each frame is letter/29: the model reads it back.
 */
export function handFor(letter: number, jitter = 0): number[][] {
  const points: number[][] = [];
  for (let i = 0; i < 21; i++) points.push([0.5 + 0.01 * i * (i % 2 ? 1 : -1) * 0.5 + jitter, 0.5 - 0.005 * i, 0.001 * i]);
  points[0] = [0.5 + jitter, 0.5, 0];
  points[20] = [0.5 + jitter + 0.2, 0.5, 0];
  points[1] = [0.5 + jitter + (0.2 * letter) / 29, 0.5, 0];
  return points;
}

/** Reads value 3 (point 1's x) of each window's last frame and puts logit 8 on that class. */
export class SteeredModel implements ModelRunner {
  readonly classCount = 29;
  /** The steering value of the last frame of every window run, in order. */
  readonly seen: number[] = [];
  private gate: (() => Promise<void>) | null = null;

  /** From now on every run waits for `release()`; returns the release function. */
  hold(): { release: () => void; waiting: () => number } {
    let waiters: (() => void)[] = [];
    this.gate = () => new Promise<void>((resolve) => waiters.push(resolve));
    return {
      release: () => {
        const w = waiters;
        waiters = [];
        for (const f of w) f();
      },
      waiting: () => waiters.length,
    };
  }

  /** Runs without waiting again. */
  open(): void {
    this.gate = null;
  }

  async run(windows: Float32Array, count: number): Promise<Float32Array> {
    const size = windows.length / count;
    const out = new Float32Array(count * this.classCount);
    for (let b = 0; b < count; b++) {
      const last = b * size + size - 63;
      const steer = windows[last + 3];
      this.seen.push(steer);
      const cls = Math.max(0, Math.min(28, Math.round(steer * 29)));
      out[b * this.classCount + cls] = 8;
    }
    if (this.gate) await this.gate();
    return out;
  }
}

export class ManualClock {
  now = 0;
  readonly read = (): number => this.now;
}

export async function startServer(
  model: ModelRunner,
  clock: ManualClock,
  extra: Partial<LiveServerOptions> = {},
): Promise<{ server: LiveServer; url: string }> {
  const server = new LiveServer({
    host: '127.0.0.1',
    port: 0,
    createPipeline: () => new LivePipeline(PROFILE, model),
    clock: clock.read,
    ...extra,
  });
  const url = await server.start();
  return { server, url };
}

export type Reply = { maxarg_letter?: string; target_arg_prob?: number; error?: string };

/** A real WebSocket client that queues every reply it receives. */
export class TestClient {
  readonly replies: Reply[] = [];
  readonly raw: string[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const text = data.toString();
      this.raw.push(text);
      this.replies.push(JSON.parse(text) as Reply);
      this.wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static connect(url: string): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new TestClient(socket)));
      socket.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  sendHand(letter: number, extra: Record<string, unknown> = {}): void {
    this.send({ landmarks: handFor(letter), ...extra });
  }

  /** Resolves once `count` replies have arrived (or the socket closed; a guard, not a timing check). */
  async waitReplies(count: number): Promise<Reply[]> {
    while (this.replies.length < count && !this.closed) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (this.replies.length < count) {
      throw new Error(`socket closed after ${this.replies.length} of ${count} replies: ${JSON.stringify(this.closed)}`);
    }
    return this.replies.slice(0, count);
  }

  async waitClosed(): Promise<{ code: number; reason: string }> {
    while (!this.closed) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.closed;
  }

  close(): void {
    this.socket.close();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

/** Waits until every connected client's session has nothing in flight (and lets socket I/O run). */
export async function settle(server: LiveServer): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setImmediate(r));
    await Promise.all(server.clients.map((c) => c.session.idle()));
  }
}

/** Polls (yielding to I/O) until `condition` holds; throws after many rounds instead of hanging. */
export async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 5000; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Sends one message at wall-clock time `at` and waits until the server has taken it in. */
export async function sendAt(
  server: LiveServer,
  clientIndex: number,
  client: TestClient,
  clock: ManualClock,
  at: number,
  message: unknown,
): Promise<void> {
  const session = () => server.clients.find((c) => c.id === clientIndex)?.session;
  await until(() => session() !== undefined, `client ${clientIndex} to connect`);
  const before = session()!.messages;
  clock.now = at;
  client.send(message);
  await until(() => (session()?.messages ?? before + 1) > before, `message to reach client ${clientIndex}`);
}
