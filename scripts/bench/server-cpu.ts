// The CPU time a server has used (user + system, every thread), from /proc/<pid>/stat, with
// the processes it started, if any: what each request cost the machine, not only how long it
// took. Linux only; elsewhere the figures are left out (null).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function ownCpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // "pid (comm) state ppid …": comm may hold spaces and parentheses; the fields after its
  // last ")" start at field 3, so utime (field 14) and stime (field 15) are at 11 and 12.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const listed = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
    if (listed) children.push(...listed.split(" ").map(Number));
  }
  return children;
}

/** CPU seconds used so far by this process and every live descendant; null where /proc is absent. */
export function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    let ticks = 0;
    const pending = [pid];
    while (pending.length > 0) {
      const next = pending.pop()!;
      ticks += ownCpuTicks(next);
      pending.push(...childrenOf(next));
    }
    return ticks / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Processes under this one (server.mjs should have none: the work is all in its own). */
export function descendantCount(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    return childrenOf(pid).length;
  } catch {
    return 0;
  }
}
