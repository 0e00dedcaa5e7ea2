// @ts-check
/** @type {import("next").NextConfig} */
const nextConfig = {
  // Native and driver packages stay outside the server bundle and load from node_modules.
  serverExternalPackages: ["better-sqlite3", "bcrypt", "pg", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg"],
  poweredByHeader: false,
  experimental: {
    // forbidden() from next/navigation, for 403 pages rendered by requireRole().
    authInterrupts: true,
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "no-referrer" },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
