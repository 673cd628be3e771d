/**
 * The replay webview's attribution requests (protocol/attributionMessages.ts): at most one in flight;
 * while it runs the playhead may move any number of times, and only the newest frame is asked for next
 * (the frames passed over are never asked for). Answers are kept for the frames seen last, so scrubbing
 * back shows them at once.
 */
import type { AttributionMessage, RequestAttributionMessage } from '../protocol/messages';

/** Frames whose answers are kept. */
const KEPT = 64;

export class AttributionRequests {
  private nextId = 1;
  private inFlight: { id: number; frame: number } | null = null;
  private wanted: number | null = null;
  private readonly answers = new Map<number, AttributionMessage>();
  /** Requests posted so far (the tests read it). */
  posted = 0;

  constructor(private readonly post: (message: RequestAttributionMessage) => void) {}

  /** The answer for `frame` when it is known; otherwise asks for it (now, or once the request in flight is answered). */
  want(frame: number): AttributionMessage | null {
    this.wanted = frame;
    const known = this.answers.get(frame);
    if (known) return known;
    if (!this.inFlight) this.send(frame);
    return null;
  }

  /** Whether a request is waiting for its answer. */
  get busy(): boolean {
    return this.inFlight !== null;
  }

  /**
   * Takes an answer; true when it is one this webview waits for (the caller redraws). A stale answer (a
   * newer request replaced it) is not kept; the newest wanted frame is asked for next either way.
   */
  receive(message: AttributionMessage): boolean {
    if (!this.inFlight || message.id !== this.inFlight.id) return false;
    this.inFlight = null;
    if (!message.stale) this.keep(message);
    if (this.wanted !== null && !this.answers.has(this.wanted)) this.send(this.wanted);
    return true;
  }

  /** Forgets every answer (the model or the session changed). */
  clear(): void {
    this.answers.clear();
  }

  private keep(message: AttributionMessage): void {
    this.answers.delete(message.frame);
    this.answers.set(message.frame, message);
    if (this.answers.size > KEPT) this.answers.delete(this.answers.keys().next().value as number);
  }

  private send(frame: number): void {
    const id = this.nextId++;
    this.inFlight = { id, frame };
    this.posted++;
    this.post({ type: 'requestAttribution', id, frame });
  }
}
