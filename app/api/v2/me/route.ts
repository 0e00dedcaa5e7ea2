import { endpoint } from "@/lib/endpoints/endpoint";
import { jsonResponse } from "@/lib/http/respond";

// GET /api/v2/me (Deskpro): who the credential acts as.
export const GET = endpoint({ auth: "credential", scope: null }, async ({ principal }) =>
  jsonResponse({
    person_id: principal.user.id,
    name: principal.user.name,
    email: principal.user.email,
    role: principal.user.role,
    credential: { kind: principal.credential.kind, hint: principal.credential.hint },
  }),
);

// The seed's example sends the token exchange to this path: it works here too.
export { tokenExchangeEndpoint as POST } from "@/lib/endpoints/token-exchange";
