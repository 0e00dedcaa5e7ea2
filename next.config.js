// @ts-check
/** @type {import("next").NextConfig} */
const nextConfig = {
  // Native and driver packages stay outside the server bundle and load from node_modules.
  serverExternalPackages: [
    "better-sqlite3",
    "bcrypt",
    "pg",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
    "pg-boss",
  ],
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
          // same-origin, not no-referrer: no URL of Keyward's (a consent request, a token in a
          // query) leaves for another site either way, but under no-referrer Chromium sends
          // `Origin: null` with a form POST, and Next.js refuses such a server action (its
          // CSRF check), so no form worked without JavaScript.
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
      {
        // The consent page: a stored copy could show one user's consent to the next. Framing
        // it (clickjacking an Allow button, RFC 9700 4.7) is refused by every page's
        // Content-Security-Policy (proxy.ts) and X-Frame-Options above.
        source: "/oauth2/authorize",
        headers: [{ key: "Cache-Control", value: "no-store" }],
      },
      {
        // The device page (RFC 8628 3.3): the same, and its URL may carry a user code.
        source: "/device",
        headers: [{ key: "Cache-Control", value: "no-store" }],
      },
    ];
  },
};

module.exports = nextConfig;
