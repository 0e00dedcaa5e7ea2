// Keyward's production HTTP server: Next.js's request handler behind a plain Node server.
// It exists for one reason: what a request says about where it came from and was sent to.
// Next's own server keeps X-Forwarded-* headers sent by the client, so anyone could pick the
// address that the sign-in rate limits and the audit log see, or the host and scheme a page
// believes it was served under. Here X-Forwarded-For is rebuilt from the socket: with no
// trusted proxy (the default) it is the peer's address; behind N trusted reverse proxies
// (KEYWARD_TRUSTED_PROXIES=N) it is the address the outermost trusted proxy saw. The other
// forwarding headers (host, scheme, port) are kept only behind trusted proxies, which set them.
import { createServer } from "node:http";
import next from "next";

function integerSetting(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`Keyward cannot start: ${name} must be a whole number from ${min} to ${max}`);
    process.exit(1);
  }
  return value;
}

const port = integerSetting("PORT", 3000, 1, 65535);
const trustedProxies = integerSetting("KEYWARD_TRUSTED_PROXIES", 0, 0, 10);
const hostname = process.env.KEYWARD_HOST || "0.0.0.0";

export function clientAddress(forwardedFor, socketAddress, trusted) {
  const peer = (socketAddress ?? "unknown").replace(/^::ffff:/, "");
  if (trusted === 0) return peer;
  const chain = String(forwardedFor ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  chain.push(peer);
  return chain[Math.max(0, chain.length - 1 - trusted)];
}

/** What a proxy says about the original request; Next.js fills in its own when they are absent. */
const FORWARDING_HEADERS = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded"];

// next-auth builds its callback URLs from NEXTAUTH_URL; KEYWARD_URL is the public address.
if (!process.env.NEXTAUTH_URL && process.env.KEYWARD_URL) process.env.NEXTAUTH_URL = process.env.KEYWARD_URL;

const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  const forwarded = req.headers["x-forwarded-for"];
  req.headers["x-forwarded-for"] = clientAddress(
    Array.isArray(forwarded) ? forwarded.join(",") : forwarded,
    req.socket.remoteAddress,
    trustedProxies,
  );
  delete req.headers["x-real-ip"];
  if (trustedProxies === 0) {
    for (const name of FORWARDING_HEADERS) delete req.headers[name];
  }
  handle(req, res);
});
// Node closes an idle keep-alive connection after 5 s by default. A client that sends its next
// request on that connection at the same moment gets ECONNRESET (seen in CI: an API client
// pausing ~8 s between calls). Idle connections are kept longer than clients and load
// balancers keep theirs (60 s is the common default), so it is the client that closes first.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(port, hostname, () => {
  console.log(`Keyward is listening on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`);
});

/** What the app registered to finish before the process ends (lib/shutdown-hooks.ts). */
function shutdownHooks() {
  return globalThis[Symbol.for("keyward.shutdown-hooks")] ?? [];
}

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  // Stop taking requests first, so what they count is in memory when the hooks write it.
  // Keep-alive connections would hold close() open; idle ones are closed, the rest get a moment.
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  await Promise.race([closed, wait(2500)]);
  await Promise.race([Promise.allSettled(shutdownHooks().map((hook) => hook())), wait(2000)]);
  process.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => void stop());
