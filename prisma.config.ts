// Prisma CLI configuration. Only `prisma generate` is used (scripts/prisma-generate.mjs):
// migrations are plain SQL files applied by lib/db/migrate.ts, because Prisma's native
// schema engine cannot be downloaded on the machines Keyward is built on.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
});
