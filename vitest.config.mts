import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // server-only throws outside React Server Components; lib tests run in plain Node.
      "server-only": fileURLToPath(new URL("./test/empty-module.ts", import.meta.url)),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "test/**/*.test.ts"],
    environment: "node",
    setupFiles: ["./test/setup-env.ts"],
    // Integration suites create their own databases; they run one file at a time per worker.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
