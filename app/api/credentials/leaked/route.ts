import { leakedCredentialsEndpoint } from "@/lib/endpoints/leaked-credentials";

// Leak reports from secret scanners (GitHub's partner format); public and rate-limited.
export const POST = leakedCredentialsEndpoint;
