import { jsonResponse } from "@/lib/api/errors";
import { withCredential } from "@/lib/api/with-credential";

// GET /api/v2/me (Deskpro): who the credential acts as.
export const GET = withCredential(null, async ({ principal }) =>
  jsonResponse({
    person_id: principal.user.id,
    name: principal.user.name,
    email: principal.user.email,
    role: principal.user.role,
    credential: { kind: principal.credential.kind, hint: principal.credential.hint },
  }),
);

// The seed's example sends the token exchange to this path: it works here too.
export { handleTokenExchange as POST } from "@/lib/api/token-exchange-handler";
