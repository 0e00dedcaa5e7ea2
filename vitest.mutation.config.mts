// The vitest run Stryker uses (stryker.config.mjs): only the suites that exercise the security
// core. Narrowed here rather than with Stryker's `testFiles`, which with the vitest runner
// switches module-level mutants on too late, so mutated constants falsely survive.
import { defineConfig } from "vitest/config";
import base from "./vitest.config.mts";

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      "lib/credentials/format.test.ts",
      "lib/auth/sign-in.test.ts",
      "lib/auth/sign-in-throttle.test.ts",
      "lib/validations/redirect-uri.test.ts",
      "lib/oauth/pkce.test.ts",
      "lib/verifier/extract.test.ts",
      "lib/verifier/verify.test.ts",
      "lib/verifier/cache.test.ts",
      "lib/api/body.test.ts",
      "lib/api/body-media-type.test.ts",
      "lib/oauth/loopback-redirect.test.ts",
      "lib/oauth/introspection.test.ts",
      "lib/credentials/api-settings.test.ts",
      "lib/credentials/lifecycle.test.ts",
      "lib/verifier/adding-a-kind.test.ts",
    ],
  },
});
