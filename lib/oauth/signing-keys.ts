// The keys that sign OpenID Connect ID tokens (ES256), one current key per account. The issuer
// is per install (lib/oauth/issuer.ts: KEYWARD_URL), but a key is a setting like any other: if
// one key served every account, a super admin of any account could rotate it for all of them.
// So an ID token for a user of account A is signed with A's current key, only A's super admins
// rotate it (app/(dashboard)/settings/signing-keys), and /oauth2/jwks publishes every account's
// keys side by side: kids are RFC 7638 thumbprints, so two accounts' kids never collide.
//
// An account's current key is its row whose currentSlot is 1; the unique index on (accountId,
// currentSlot) lets any number of retired rows (null) stand beside exactly one current one per
// account. So an account's first key is made on first need by whoever needs it, and of two
// instances racing on one PostgreSQL database the loser's insert fails on the index and it
// reads the winner's key instead.
//
// A retired key stays in the JWKS until every ID token it signed has expired (the token
// lifetime after its retirement, plus a margin for clocks and in-flight responses), then it is
// left out. The private key never leaves this module unsealed: it is stored sealed with
// AES-256-GCM under a key derived from KEYWARD_SECRET, bound to its kid (lib/credentials/seal.ts).
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import { z } from "zod";
import { actorOf, recordAudit, SYSTEM_ACTOR, NO_REQUEST, type RequestContext } from "../audit";
import { openSealed, sealSecret } from "../credentials/seal";
import type { Db } from "../db";
import { uniqueViolationOn } from "../credentials/issue";
import { conflict } from "../http/protocol-error";

export const ID_TOKEN_ALG = "ES256";
/** How long an ID token is valid (OIDC Core 2, exp): an hour, like the access token beside it. */
export const ID_TOKEN_LIFETIME_SECONDS = 3600;
/** A retired key is published this long after its retirement: the ID token lifetime plus 5 minutes of margin. */
export const RETIRED_KEY_PUBLISHED_MS = (ID_TOKEN_LIFETIME_SECONDS + 5 * 60) * 1000;

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

export interface SigningKeyView {
  kid: string;
  createdAt: Date;
  retiredAt: Date | null;
  /** current: signs new ID tokens; published: retired, still in the JWKS until `publishedUntil`; dropped: gone from it. */
  status: "current" | "published" | "dropped";
  publishedUntil: Date | null;
}

interface NewKey {
  id: string;
  alg: string;
  publicJwk: string;
  privateJwkSealed: string;
}

/** A fresh ES256 key pair; its kid is the public key's RFC 7638 thumbprint. */
async function generateSigningKey(): Promise<NewKey> {
  const { publicKey, privateKey } = await generateKeyPair(ID_TOKEN_ALG, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk = await exportJWK(privateKey);
  return {
    id: kid,
    alg: ID_TOKEN_ALG,
    publicJwk: JSON.stringify({ ...publicJwk, kid, alg: ID_TOKEN_ALG, use: "sig" }),
    privateJwkSealed: sealSecret(JSON.stringify(privateJwk), kid, "signing-key-seal"),
  };
}

// Opening and importing a key costs more than reading it, and a kid's key never changes.
const imported = new Map<string, CryptoKey>();

async function unsealed(row: { id: string; privateJwkSealed: string }): Promise<SigningKey> {
  let privateKey = imported.get(row.id);
  if (!privateKey) {
    const jwk = JSON.parse(openSealed(row.privateJwkSealed, row.id, "signing-key-seal")) as JWK;
    privateKey = (await importJWK(jwk, ID_TOKEN_ALG)) as CryptoKey;
    imported.set(row.id, privateKey);
  }
  return { kid: row.id, privateKey };
}

const KEY_ROW = { id: true, privateJwkSealed: true } as const;
const ACCOUNT_ID = z.string().min(1);
const current = (accountId: string) => ({ accountId, currentSlot: 1 }) as const;

/** The key that signs the ID tokens of `accountId`'s users now; made on first need (exactly one, whoever races). */
export async function currentSigningKey(db: Db, accountId: string, now: Date = new Date()): Promise<SigningKey> {
  const account = ACCOUNT_ID.parse(accountId);
  const row = await db.signingKey.findFirst({ where: current(account), select: KEY_ROW });
  if (row) return unsealed(row);
  const fresh = await generateSigningKey();
  try {
    await db.$transaction(async (tx) => {
      await tx.signingKey.create({ data: { ...fresh, accountId: account, currentSlot: 1, createdAt: now } });
      await recordAudit(tx, {
        actor: SYSTEM_ACTOR,
        accountId: account,
        action: "oidc.signing_key_created",
        target: { type: "signing_key", id: fresh.id, label: fresh.id },
        context: NO_REQUEST,
        details: { alg: fresh.alg, reason: "first ID token of the account" },
      });
    });
  } catch (error) {
    // Another instance (or request) made this account's first key in between: use it.
    if (!uniqueViolationOn(error, "currentSlot")) throw error;
  }
  const made = await db.signingKey.findFirst({ where: current(account), select: KEY_ROW });
  if (!made) throw new Error("No current ID token signing key after creating one");
  return unsealed(made);
}

/**
 * Rotate the super admin's own account's key: a new current key, the previous one retired (still
 * published until its ID tokens have expired), audited as the super admin's act, all in one
 * transaction. The account is the admin's and nothing else, so no caller can point one
 * account's admin at another account's key. Two rotations at once: the second finds the
 * current key already replaced and is refused (409) rather than retiring the key the first
 * just made.
 */
export async function rotateSigningKey(
  db: Db,
  admin: { id: string; email: string; accountId: string },
  context: RequestContext,
  now: Date = new Date(),
): Promise<{ kid: string; retiredKid: string | null }> {
  const account = ACCOUNT_ID.parse(admin.accountId);
  const fresh = await generateSigningKey();
  const before = await db.signingKey.findFirst({ where: current(account), select: { id: true } });
  try {
    await db.$transaction(async (tx) => {
      if (before) {
        const retired = await tx.signingKey.updateMany({
          where: { id: before.id, accountId: account, currentSlot: 1 },
          data: { currentSlot: null, retiredAt: now },
        });
        if (retired.count === 0) throw conflict("The signing key was rotated meanwhile; reload to see the new one");
      }
      await tx.signingKey.create({ data: { ...fresh, accountId: account, currentSlot: 1, createdAt: now } });
      await recordAudit(tx, {
        actor: actorOf(admin),
        accountId: account,
        action: "oidc.signing_key_rotated",
        target: { type: "signing_key", id: fresh.id, label: fresh.id },
        context,
        details: { alg: fresh.alg, retiredKid: before?.id ?? null },
      });
    });
  } catch (error) {
    if (uniqueViolationOn(error, "currentSlot"))
      throw conflict("The signing key was rotated meanwhile; reload to see the new one");
    throw error;
  }
  return { kid: fresh.id, retiredKid: before?.id ?? null };
}

/**
 * The public keys a client may meet in an unexpired ID token, of every account: each one's
 * current key and its recently retired ones. Nothing is made here: an account without a key
 * has signed no ID token yet, and its first one is made (and published) when it does.
 */
export async function publishedKeys(db: Db, now: Date = new Date()): Promise<JWK[]> {
  const rows = await db.signingKey.findMany({
    where: { OR: [{ retiredAt: null }, { retiredAt: { gt: new Date(now.getTime() - RETIRED_KEY_PUBLISHED_MS) } }] },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: { publicJwk: true },
  });
  return rows.map((row) => JSON.parse(row.publicJwk) as JWK);
}

/** One account's keys for its rotation screen, newest first (the last 20: older ones have long left the JWKS). */
export async function signingKeyViews(db: Db, accountId: string, now: Date = new Date()): Promise<SigningKeyView[]> {
  const rows = await db.signingKey.findMany({
    where: { accountId: ACCOUNT_ID.parse(accountId) },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, createdAt: true, retiredAt: true, currentSlot: true },
  });
  return rows.map((row) => {
    const publishedUntil = row.retiredAt ? new Date(row.retiredAt.getTime() + RETIRED_KEY_PUBLISHED_MS) : null;
    return {
      kid: row.id,
      createdAt: row.createdAt,
      retiredAt: row.retiredAt,
      publishedUntil,
      status: row.currentSlot === 1 ? "current" : publishedUntil && publishedUntil > now ? "published" : "dropped",
    };
  });
}
