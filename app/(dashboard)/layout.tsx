import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/current-user";
import { MainNavigation } from "@/components/shell/main-navigation";

// Every page below checks the session again itself; this check only decides what the
// shell shows.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <div className="min-h-screen md:flex">
      <aside className="border-b border-slate-200 bg-white p-4 md:sticky md:top-0 md:h-screen md:w-64 md:shrink-0 md:overflow-y-auto md:border-b-0 md:border-r">
        <MainNavigation user={user} />
      </aside>
      <main className="min-w-0 flex-1 p-4 md:p-8">{children}</main>
    </div>
  );
}
