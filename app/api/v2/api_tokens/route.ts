import { tokenExchangeEndpoint } from "@/lib/endpoints/token-exchange";

// Deskpro's token exchange endpoint (legacy, not recommended: prefer OAuth or an API key).
export const POST = tokenExchangeEndpoint;
