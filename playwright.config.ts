import { defineConfig, devices } from "@playwright/test";
import { E2E_PORTS } from "./e2e/support/state";

// Debian's Chromium (apt-get install chromium): Playwright cannot download its own browser
// on these machines. The flags keep it from calling home on a closed network.
const executablePath = process.env.KEYWARD_CHROMIUM ?? "/usr/bin/chromium";
const launchOptions = {
  executablePath,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

const postgres = process.env.KEYWARD_E2E_SKIP_POSTGRES !== "1";

export default defineConfig({
  testDir: "./e2e",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [
    ["list"],
    ...(process.env.CI ? [] : [["html", { open: "never" }] as const]),
    // scripts/test.mjs reads the counts for its summary from here.
    ...(process.env.KEYWARD_PLAYWRIGHT_JSON
      ? [["json", { outputFile: process.env.KEYWARD_PLAYWRIGHT_JSON }] as const]
      : []),
  ],
  use: {
    ...devices["Desktop Chrome"],
    headless: true,
    launchOptions,
    trace: "retain-on-failure",
  },
  // One project per database, each after its setup project (e2e/auth.setup.ts), which signs in
  // the shared roles once and saves their sessions for the specs (e2e/support/sessions.ts).
  // The revocation gap between two instances (e2e/instances.spec.ts) is a timing measured in
  // milliseconds: it runs in a project of its own after every other, alone on the machine.
  projects: [
    ...(postgres ? (["sqlite", "postgresql"] as const) : (["sqlite"] as const)).flatMap((database) => {
      const use = { baseURL: `http://127.0.0.1:${E2E_PORTS[database]}` };
      return [
        { name: `${database}-setup`, testMatch: /auth\.setup\.ts$/, use },
        { name: database, dependencies: [`${database}-setup`], testIgnore: /instances\.spec\.ts$/, use },
      ];
    }),
    ...(postgres
      ? [
          {
            name: "instances",
            testMatch: /instances\.spec\.ts$/,
            dependencies: ["sqlite", "postgresql"],
            use: { baseURL: `http://127.0.0.1:${E2E_PORTS.postgresql}` },
          },
        ]
      : []),
  ],
});
