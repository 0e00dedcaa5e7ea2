// Everything the retention job removes, one task per kind of row. A new table that grows
// (spent rate-limit rows, for example) gets a module beside these and a line here.
import { purgeAuthorizationCodes } from "./authorization-codes";
import { purgeCredentialClients, purgeCredentialUsage } from "./credential-usage";
import { purgeCredentials } from "./credentials";
import { purgeDeviceAuthorizations } from "./device-authorizations";
import { purgeIssuanceWindows } from "./issuance-windows";
import type { PurgeTask } from "./purge-task";
import { purgeSignInBuckets } from "./sign-in-buckets";
import { purgeWebhookEvents } from "./webhook-events";
import { purgeWebSessions } from "./web-sessions";

export const PURGE_TASKS: readonly PurgeTask[] = [
  purgeAuthorizationCodes,
  purgeCredentials,
  purgeIssuanceWindows,
  purgeSignInBuckets,
  purgeWebSessions,
  purgeWebhookEvents,
  purgeCredentialUsage,
  purgeCredentialClients,
  purgeDeviceAuthorizations,
];
