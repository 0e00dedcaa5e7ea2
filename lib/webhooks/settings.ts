// The install's webhook settings (lib/env.ts) in the shapes lib/webhooks uses.
import { env } from "../env";
import type { AddressRules } from "./address-rules";

/** Loopback is for development, and for production installs (and tests) that ask for it. */
export function addressRules(): AddressRules {
  const { production, webhooks } = env();
  return { allowLoopback: !production || webhooks.allowHttpLoopback, allowPrivate: webhooks.allowPrivate };
}

export function retryBaseMs(): number {
  return env().webhooks.retryBaseMs;
}
