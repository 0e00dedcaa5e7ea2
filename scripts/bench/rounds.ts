// A row against its baseline in alternating rounds (B A, A B, B A, …): each round gives one
// requests/s ratio and each side's server CPU per request, so a row is judged by the median
// round and the spread shows how steady that figure is. A busy machine slows both sides of a
// round alike, and the alternation keeps a trend from favouring either side.
import { type Measured, slice, type Slice, Tally, type Target } from "./load";
import { options } from "./options";
import { type Spread, spreadOf } from "./stats";

export interface Paired {
  baseline: Measured;
  measured: Measured;
  /** The row's requests/s over the baseline's, per round. */
  ratio: Spread;
  /** Server CPU ms per request, per round; null where /proc is absent. */
  cpu: { baseline: Spread; measured: Spread } | null;
  /** Every baseline round's CPU ms per request, for the database's overall baseline figure. */
  baselineCpuRounds: number[];
}

function rps(part: Slice): number {
  return part.latencies.length / Math.max(part.seconds, 0.001);
}

/** Server CPU ms per request over one slice; undefined for a slice that answered nothing. */
function cpuPerRequestMs(part: Slice): number | null | undefined {
  if (part.serverCpu === null) return null;
  return part.latencies.length === 0 ? undefined : (part.serverCpu * 1000) / part.latencies.length;
}

export async function alternatingRounds(
  baseURL: string,
  serverPid: number | undefined,
  baseline: Target,
  row: Target,
): Promise<Paired> {
  const rounds = Math.max(1, options.rounds);
  const seconds = options.duration / rounds;
  const tallies = { baseline: new Tally(), row: new Tally() };
  const ratios: number[] = [];
  const cpu = { baseline: [] as number[], row: [] as number[] };
  let cpuKnown = true;
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (["baseline", "row"] as const) : (["row", "baseline"] as const);
    const parts: Partial<Record<"baseline" | "row", Slice>> = {};
    for (const side of order) {
      const part = await slice(baseURL, side === "baseline" ? baseline : row, seconds, serverPid);
      tallies[side].add(part);
      parts[side] = part;
    }
    ratios.push(rps(parts.row!) / Math.max(rps(parts.baseline!), 0.001));
    for (const side of ["baseline", "row"] as const) {
      const perRequest = cpuPerRequestMs(parts[side]!);
      if (perRequest === null) cpuKnown = false;
      else if (perRequest !== undefined) cpu[side].push(perRequest);
    }
  }
  return {
    baseline: tallies.baseline.result(),
    measured: tallies.row.result(),
    ratio: spreadOf(ratios),
    cpu: cpuKnown ? { baseline: spreadOf(cpu.baseline), measured: spreadOf(cpu.row) } : null,
    baselineCpuRounds: cpuKnown ? cpu.baseline : [],
  };
}
