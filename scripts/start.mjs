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

const env = {
  ...process.env,
  PORT: port,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  // next-auth builds its callback URLs from NEXTAUTH_URL; KEYWARD_URL is the public address.
  NEXTAUTH_URL: process.env.NEXTAUTH_URL || process.env.KEYWARD_URL || `http://localhost:${port}`,
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
