import { yieldToEventLoop } from '../../core/yieldToEventLoop';

/**
 * Posts a webview's messages in the order given, one per turn of the event loop: serializing a message
 * for the webview (and compressing it, on remote connections) is the extension host's work, and a burst
 * of results messages posted in one turn would hold its thread for all of them at once.
 */
export class PacedPoster<Message> {
  private readonly queue: Array<{ message: Message; posted?: () => void }> = [];
  private draining = false;

  constructor(private readonly post: (message: Message) => void) {}

  /** Queues `message`; `posted` is called once it was posted (or dropped by clear()). */
  push(message: Message, posted?: () => void): void {
    this.queue.push({ message, posted });
    if (!this.draining) void this.drain();
  }

  /** Drops the messages not posted yet (the panel was closed or reloaded). */
  clear(): void {
    for (const { posted } of this.queue.splice(0)) posted?.();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        try {
          this.post(next.message);
        } finally {
          next.posted?.();
        }
        await yieldToEventLoop();
      }
    } finally {
      this.draining = false;
    }
  }
}
