import type { ReactNode } from "react";
import { headers } from "next/headers";
import { requireUser } from "@/lib/auth/current-user";
import { issuerFor } from "@/lib/oauth/issuer";
import { requestOrigin } from "@/lib/request-origin";
import { PublicOriginProvider } from "@/components/credentials/public-origin";
import { MainNavigation } from "@/components/shell/main-navigation";

// Every page below checks the session again itself; this check only decides what the
// shell shows.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  // Keyward's public address (KEYWARD_URL), for the curl lines shown beside new secrets.
  const origin = issuerFor(requestOrigin(await headers()));
  return (
    <div className="min-h-screen md:flex">
      <aside className="border-b border-slate-200 bg-white p-4 md:sticky md:top-0 md:h-screen md:w-64 md:shrink-0 md:overflow-y-auto md:border-b-0 md:border-r">
        <MainNavigation user={user} />
      </aside>
      <main className="min-w-0 flex-1 p-4 md:p-8">
        <PublicOriginProvider origin={origin}>{children}</PublicOriginProvider>
      </main>
    </div>
  );
}
