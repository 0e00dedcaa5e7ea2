// Mutation testing of the security core: `npm run test:mutation` (not part of `npm test`; a
// full run takes several minutes). Scores and the equivalent mutants left alone are in
// docs/mutation-testing.md. Stryker 9 because Stryker 10 needs Node 22.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
const config = {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.mts", related: false },
  mutate: [
    "lib/credentials/format.ts",
    "lib/auth/sign-in-throttle.ts",
    "lib/oauth/redirect-uri.ts",
    "lib/validations/redirect-uri.ts",
    "lib/oauth/pkce.ts",
    "lib/verifier/extract.ts",
    "lib/verifier/verify.ts",
    "lib/credentials/cache.ts",
    "lib/credentials/store.ts",
    "lib/credentials/lifecycle.ts",
    "lib/api/body.ts",
  ],
  coverageAnalysis: "perTest",
  // The machine is shared and the suites create SQLite and PostgreSQL databases.
  concurrency: 2,
  timeoutMS: 60_000,
  timeoutFactor: 3,
  thresholds: { high: 90, low: 85, break: 85 },
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  ignorePatterns: [
    ".next",
    "e2e",
    "docs",
    "bench",
    "data",
    "test-results",
    "playwright-report",
    ".test-reports",
    "reports",
  ],
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
};

export default config;
