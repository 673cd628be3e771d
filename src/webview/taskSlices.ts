/**
 * Long work in the webview runs in slices of about SLICE_MS, each its own task, so input and animation
 * frames get in between (a task over 50 ms is what the Long Tasks API counts as delaying input).
 */

/** How long one slice of sliced work may run before it yields. */
export const SLICE_MS = 8;

/**
 * Resolves in a new task. A MessageChannel message, not setTimeout(0): nested timers are clamped to 4 ms,
 * which would leave the thread idle for half of each slice. The channel is closed once used (an open
 * port would keep a Node process, the unit tests', alive).
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** A slice's clock: `over()` is true once SLICE_MS (or `ms`) passed since it started or since `restart()`. */
export class Slice {
  private start = performance.now();

  over(ms = SLICE_MS): boolean {
    return performance.now() - this.start >= ms;
  }

  restart(): void {
    this.start = performance.now();
  }
}
