"use server";

// The Credentials screen's search box. A POST, so a pasted secret travels in the body only:
// it is hashed here, looked up in the account, and never returned, stored, logged or put in a
// URL. A text search goes on as ?q= (names, hints and emails are no secrets).
import { redirect } from "next/navigation";
import { requireRole } from "@/lib/auth/current-user";
import { classifySearch, findAccountCredentialBySecret, searchInputSchema } from "@/lib/credentials/credential-search";
import { db } from "@/lib/db";
import type { FormState } from "@/lib/validations/form-state";

export type SearchState = FormState<"query">;

export async function searchCredentialsAction(_previous: SearchState, formData: FormData): Promise<SearchState> {
  const admin = await requireRole("super_admin");
  const query = searchInputSchema.safeParse(formData.get("query") ?? "");
  if (!query.success) return { errors: { query: query.error.issues.map((issue) => issue.message) } };
  const input = classifySearch(query.data);
  if (input.type === "mistyped_secret")
    return {
      errors: {
        query: ["This looks like a Keyward secret, but it is incomplete or mistyped (its checksum does not match)."],
      },
    };
  if (input.type === "secret") {
    const found = await findAccountCredentialBySecret(await db(), admin.accountId, input.secret);
    if (!found) return { errors: { query: ["No credential of this account has this secret."] } };
    // Its detail page: kind, owner, state and history, one step from the pasted secret.
    redirect(`/credentials/${encodeURIComponent(found.id)}`);
  }
  redirect(`/credentials?q=${encodeURIComponent(input.text)}`);
}
