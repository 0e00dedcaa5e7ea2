import NextAuth from "next-auth";
import { refuseNonFormAuthPost } from "@/lib/auth/auth-route-body";
import { authOptions } from "@/lib/auth/options";

// Built per request: the options derive the session key from the environment, which must
// not be read while `next build` collects route information.
type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, context: Context) {
  return refuseNonFormAuthPost(request) ?? NextAuth(authOptions())(request, { params: await context.params });
}

export { handler as GET, handler as POST };
export const dynamic = "force-dynamic";
