// A new network (an account and its first super admin), as `npm run account:create` takes it.
import { z } from "zod";
import { singleLineText } from "./text";
import { emailSchema, userNameSchema } from "./user";

export const newNetworkSchema = z.object({
  name: singleLineText({ required: "Give the network a name", tooLong: "Use at most 100 characters" }, 100),
  adminEmail: z
    .string({ error: "Give the email of the network's super admin" })
    .min(1, { error: "Give the email of the network's super admin", abort: true })
    .pipe(emailSchema),
  adminName: userNameSchema.default("Super Admin"),
});
export type NewNetworkInput = z.input<typeof newNetworkSchema>;

/** The command-line option each field comes from, for messages that say what to fix. */
export const NEW_NETWORK_OPTIONS: Record<keyof z.output<typeof newNetworkSchema>, string> = {
  name: "--name",
  adminEmail: "--admin-email",
  adminName: "--admin-name",
};
