// next-auth configuration: email + password through the credentials provider, JWT sessions
// (the only kind that provider supports). The session token carries the user's id, their
// sessionVersion, the WebSession it belongs to and when the user signed in
// (lib/auth/web-sessions.ts); lib/auth/current-user.ts checks them against the database on
// every request, which is what lets a disable, a role change or a sign-out end sessions at
// once, and every read of the session (pages, server actions, GET /api/auth/session)
// refuses one older than SESSION_MAX_AGE_SECONDS since sign-in.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { NO_REQUEST, type RequestContext } from "../audit";
import { db } from "../db";
import { derivedKey } from "./keys";
import { sameSiteRedirect } from "./local-path";
import { requestContextFrom } from "./request-context";
import { signInWithPassword } from "./sign-in";
import { endWebSession, SESSION_MAX_AGE_SECONDS, sessionOutlived, startWebSession } from "./web-sessions";

class SessionOutlived extends Error {
  override name = "SessionOutlived";
}

interface SignedInUser {
  id: string;
  sessionVersion: number;
  sessionId: string;
  signedInAt: number;
}

/** The error codes next-auth hands back to the sign-in form (see app/(auth)/sign-in). */
export function encodeRefusal(reason: string, retryAfterMinutes?: number): string {
  return retryAfterMinutes ? `${reason}:${retryAfterMinutes}` : reason;
}

export function authOptions(): NextAuthOptions {
  return {
    secret: derivedKey("session").toString("base64url"),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, req) {
          const context: RequestContext = requestContextFrom(req.headers ?? {});
          const database = await db();
          const result = await signInWithPassword(
            database,
            { email: credentials?.email, password: credentials?.password },
            context,
          );
          if (!result.ok) throw new Error(encodeRefusal(result.reason, result.retryAfterMinutes));
          const session = await startWebSession(database, result.user.id);
          return {
            id: result.user.id,
            email: result.user.email,
            name: result.user.name,
            sessionVersion: result.user.sessionVersion,
            sessionId: session.id,
            signedInAt: Math.floor(session.signedInAt.getTime() / 1000),
          };
        },
      }),
    ],
    callbacks: {
      redirect({ url, baseUrl }) {
        return sameSiteRedirect(url, baseUrl);
      },
      jwt({ token, user }) {
        if (user) {
          const signedIn = user as unknown as SignedInUser;
          token.uid = signedIn.id;
          token.sv = signedIn.sessionVersion;
          token.sid = signedIn.sessionId;
          token.sia = signedIn.signedInAt;
        }
        // Every read of the session comes through here (getServerSession and GET
        // /api/auth/session alike); next-auth answers a throw with no session and clears
        // the cookie, so a renewal can never carry a session past its absolute lifetime.
        if (sessionOutlived(token.sia)) throw new SessionOutlived("The session is older than its absolute lifetime");
        return token;
      },
      session({ session, token }) {
        return {
          ...session,
          uid: token.uid as string | undefined,
          sv: token.sv as number | undefined,
          sid: token.sid as string | undefined,
        };
      },
    },
    events: {
      async signOut({ token }) {
        const uid = token?.uid;
        const sid = token?.sid;
        if (typeof uid !== "string" || typeof sid !== "string") return;
        await endWebSession(await db(), sid, uid, NO_REQUEST);
      },
    },
    logger: {
      // An outlived session is an expected refusal, not an error worth a stack trace.
      error(code, metadata) {
        const error = metadata instanceof Error ? metadata : (metadata as { error?: unknown } | undefined)?.error;
        if (code === "JWT_SESSION_ERROR" && error instanceof SessionOutlived) return;
        console.error(`[next-auth][error][${code}]`, metadata);
      },
    },
  };
}
