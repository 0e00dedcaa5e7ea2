// A per-address limit on refused verifications, so a client presenting well-formed unknown
// tokens (random secrets with valid checksums) cannot make Keyward read the database at will:
// once an address has caused KEYWARD_LIMIT_REFUSALS_PER_MINUTE refusals in a
// minute, its further refusals and look-ups of secrets the cache cannot answer get 429 with
// Retry-After. A credential the cache already knows to be usable is still accepted (many
// integrations may share one address behind a NAT).
//
// Reserve first, then check: a look-up that must read the database takes one refusal before
// it reads and gives it back when the credential turns out usable, so 40 concurrent unknown
// tokens make exactly N reads, not 40. Separate from the per-credential limits (lib/rate-limits).
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "../env";
import { ProtocolError } from "../http/protocol-error";

const WINDOW_SECONDS = 60;

export function tooManyRefusals(retryAfterSeconds: number): ProtocolError {
  return new ProtocolError(
    429,
    "too_many_requests",
    `Too many refused credentials from this address; retry in ${retryAfterSeconds} seconds`,
    { retryAfterSeconds },
  );
}

export class RefusalLimit {
  private readonly limiter: RateLimiterMemory;

  constructor(readonly perMinute: number) {
    this.limiter = new RateLimiterMemory({ points: perMinute, duration: WINDOW_SECONDS });
  }

  /** Takes one refusal for `address`; null when it had one left, else the 429 to answer. */
  async reserve(address: string): Promise<ProtocolError | null> {
    try {
      await this.limiter.consume(address, 1);
      return null;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes)
        return tooManyRefusals(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      throw rejection;
    }
  }

  /** Gives back a refusal reserved for a look-up that ended accepted. */
  async release(address: string): Promise<void> {
    await this.limiter.reward(address, 1);
  }
}

const KEY = Symbol.for("keyward.verifier.refusal-limit");

/** This process's limit, from the environment. */
export function refusalLimit(): RefusalLimit {
  const global = globalThis as Record<symbol, RefusalLimit | undefined>;
  return (global[KEY] ??= new RefusalLimit(env().limits.refusedVerificationsPerMinute));
}
