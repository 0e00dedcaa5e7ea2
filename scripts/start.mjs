// `npm start`: build if the sources changed, then serve the production app (server.mjs).
// The server migrates the database and creates the first super admin as it starts
// (instrumentation.ts).
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildIfNeeded } from "./build.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const port = process.env.PORT || "3000";

buildIfNeeded();

// A local install (SQLite, not KEYWARD_ENV=production: the same line lib/env.ts draws for the
// generated secret) is served as http://localhost:$PORT unless told otherwise, so a fresh
// clone starts with nothing configured. In production the server refuses to start without
// KEYWARD_URL, so no default is given there.
const local = process.env.KEYWARD_ENV !== "production" && !/^postgres(ql)?:\/\//i.test(process.env.DATABASE_URL ?? "");
let publicUrl = process.env.KEYWARD_URL || undefined;
if (!publicUrl && local) {
  publicUrl = `http://localhost:${port}`;
  console.log(
    `Keyward: KEYWARD_URL is not set; serving as ${publicUrl} (set KEYWARD_URL=https://your.host to the address users and apps reach)`,
  );
}

const env = {
  ...process.env,
  PORT: port,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  ...(publicUrl ? { KEYWARD_URL: publicUrl } : {}),
  // next-auth builds its callback URLs from NEXTAUTH_URL; KEYWARD_URL is the public address.
  NEXTAUTH_URL: process.env.NEXTAUTH_URL || publicUrl || `http://localhost:${port}`,
};
const server = spawn(process.execPath, [join(root, "server.mjs")], {
  cwd: root,
  env,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.kill(signal));
}
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
