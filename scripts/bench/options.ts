// The knobs of `npm run bench`, read once from the environment (bench/README.md lists them).
export const TARGET_RATIO = { sqlite: 0.9, postgresql: 0.8 } as const;
export type DatabaseKind = keyof typeof TARGET_RATIO;

function positive(name: string, fallback: number, zeroOk = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!zeroOk && value === 0)) {
    console.error(`bench: ${name} must be a ${zeroOk ? "non-negative" : "positive"} number`);
    process.exit(2);
  }
  return value;
}

function only(): "http" | "verifier" | null {
  const raw = process.env.BENCH_ONLY;
  if (raw === undefined || raw === "") return null;
  if (raw === "http" || raw === "verifier") return raw;
  console.error("bench: BENCH_ONLY must be http or verifier");
  process.exit(2);
}

function database(): DatabaseKind | null {
  const raw = process.env.BENCH_DATABASE;
  if (raw === undefined || raw === "") return null;
  if (raw === "sqlite" || raw === "postgresql") return raw;
  console.error("bench: BENCH_DATABASE must be sqlite or postgresql");
  process.exit(2);
}

export const options = {
  /** One database only (to rerun or profile its rows); both when unset. */
  database: database(),
  /** One half of the bench only (to profile the verifier, or to rerun the HTTP rows); both when unset. */
  only: only(),
  /** Seconds of load per row, and as much again on its baseline, split over the rounds. */
  duration: positive("BENCH_DURATION", 10),
  /** Alternating rounds per row (baseline and row once each per round); at least 5 for a median. */
  rounds: Math.round(positive("BENCH_ROUNDS", 5)),
  warmup: positive("BENCH_WARMUP", 2, true),
  connections: Math.round(positive("BENCH_CONNECTIONS", 10)),
  /** Distinct personal credentials presented round-robin by the many-integrations row. */
  distinctCredentials: Math.round(positive("BENCH_DISTINCT_CREDENTIALS", 5000)),
  /** Seconds of the in-process verifier bench per case (kind × transport × hit or miss; hits in slices). */
  verifierSeconds: positive("BENCH_VERIFIER_SECONDS", 1.4),
  /** Where the results go (bench/results.md by default; a tiny trial run writes elsewhere). */
  results: process.env.BENCH_RESULTS || "bench/results.md",
  /** Only the HTTP rows whose name contains this (case-insensitive), to profile or rerun one. */
  rowFilter: (process.env.BENCH_ROWS ?? "").toLowerCase(),
  /** Only the verifier cases whose name contains this (lower-cased), e.g. "allowlist". */
  verifierCaseFilter: (process.env.BENCH_VERIFIER_CASES ?? "").toLowerCase(),
  /** NODE_OPTIONS for the servers (e.g. --require a profiler). */
  serverNodeOptions: process.env.BENCH_SERVER_NODE_OPTIONS || "",
};
