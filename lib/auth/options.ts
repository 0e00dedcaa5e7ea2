// next-auth configuration: email + password through the credentials provider, JWT sessions
// (the only kind that provider supports). The session token carries the user's id and
// sessionVersion; lib/auth/current-user.ts checks both against the database on every
// request, which is what lets a disable or role change end sessions at once.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { recordAudit, type RequestContext } from "../audit";
import { db } from "../db";
import { derivedKey } from "./keys";
import { sameSiteRedirect } from "./local-path";
import { requestContextFrom } from "./request-context";
import { signInWithPassword } from "./sign-in";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

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
          const result = await signInWithPassword(await db(), { email: credentials?.email, password: credentials?.password }, context);
          if (!result.ok) throw new Error(encodeRefusal(result.reason, result.retryAfterMinutes));
          return { id: result.user.id, email: result.user.email, name: result.user.name, sessionVersion: result.user.sessionVersion };
        },
      }),
    ],
    callbacks: {
      redirect({ url, baseUrl }) {
        return sameSiteRedirect(url, baseUrl);
      },
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, uid: token.uid as string | undefined, sv: token.sv as number | undefined };
      },
    },
    events: {
      async signOut({ token }) {
        const uid = token?.uid as string | undefined;
        if (!uid) return;
        const database = await db();
        const user = await database.user.findUnique({ where: { id: uid }, select: { id: true, email: true, accountId: true } });
        if (!user) return;
        await recordAudit(database, {
          actor: { id: user.id, label: user.email, accountId: user.accountId },
          action: "auth.sign_out",
          target: { type: "user", id: user.id, label: user.email },
          context: { ip: null, userAgent: null },
        });
      },
    },
  };
}
