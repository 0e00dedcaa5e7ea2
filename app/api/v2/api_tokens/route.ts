import { handleTokenExchange } from "@/lib/api/token-exchange-handler";

// Deskpro's token exchange endpoint (legacy, not recommended: prefer OAuth or an API key).
export const POST = handleTokenExchange;
