// A CPU profiler for the bench's servers, which `--cpu-prof` cannot be (Node refuses it in
// NODE_OPTIONS): BENCH_SERVER_NODE_OPTIONS="--import ./scripts/bench/cpu-profiler.mjs".
// Samples the process with the inspector and writes a .cpuprofile (Chrome DevTools opens it)
// to /tmp/keyward-profile every 15 s, so a server stopped by a signal still leaves what it
// sampled. (The servers get a fixed environment, e2e/support/server.ts: no knobs of its own.)
import inspector from "node:inspector";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = "/tmp/keyward-profile";
const every = 15_000;
mkdirSync(dir, { recursive: true });
const session = new inspector.Session();
session.connect();
let part = 0;
session.post("Profiler.enable", () =>
  session.post("Profiler.setSamplingInterval", { interval: 200 }, () => session.post("Profiler.start")),
);
setInterval(() => {
  session.post("Profiler.stop", (error, result) => {
    if (!error) writeFileSync(join(dir, `${process.pid}-${part++}.cpuprofile`), JSON.stringify(result.profile));
    session.post("Profiler.start");
  });
}, every).unref();
