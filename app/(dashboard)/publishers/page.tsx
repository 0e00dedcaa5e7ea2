import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/current-user";
import { OrganizationsScreen, type SearchParams } from "@/components/organizations/organizations-screen";
import { ORGANIZATION_ACTIONS } from "../_organizations/screen-actions";

export const metadata: Metadata = { title: "Publishers" };

/** Network → Publishers (the screen decides who sees what: components/organizations). */
export default async function PublishersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  return <OrganizationsScreen kind="publisher" user={user} query={await searchParams} actions={ORGANIZATION_ACTIONS} />;
}
