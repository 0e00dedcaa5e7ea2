// Work a server process must finish when it is told to stop (SIGTERM, SIGINT): writing the
// usage and "last used" times still held in memory. server.mjs runs the hooks once it has
// stopped taking requests; they live on globalThis because server.mjs is plain JavaScript
// outside the Next.js bundle and cannot import this module.
const KEY = Symbol.for("keyward.shutdown-hooks");

type Hook = () => Promise<unknown>;

export function onShutdown(hook: Hook): void {
  const globals = globalThis as Record<symbol, Hook[] | undefined>;
  (globals[KEY] ??= []).push(hook);
}
