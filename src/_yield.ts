// Node-free; used by the Node reader and the CLI.

/** Let the event loop run (signal handlers, stream callbacks) between chunks of synchronous work. */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
