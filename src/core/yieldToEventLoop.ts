/** Lets pending I/O and other extensions run between chunks of CPU work (a resolved promise would not). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
