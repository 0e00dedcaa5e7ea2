import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireRole } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { WEBHOOK_EVENTS } from "@/lib/webhook-outbox/events";
import { webhookIdSchema } from "@/lib/webhooks/endpoint-input";
import { listEndpoints } from "@/lib/webhooks/endpoints";
import { ColumnHeads } from "@/components/ui/column-heads";
import { ListTable } from "@/components/ui/list-table";
import { DateTime } from "@/components/ui/date-time";
import { AddEndpointDialog } from "./endpoint-dialogs";
import { EndpointDetail } from "./endpoint-detail";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireRole("super_admin");
  // One endpoint's page is a parameter, not a route of its own: /webhooks?endpoint=<id>.
  const selected = (await searchParams).endpoint;
  if (selected !== undefined) {
    const id = webhookIdSchema.safeParse(selected);
    if (!id.success) notFound();
    return <EndpointDetail admin={admin} endpointId={id.data} />;
  }
  const endpoints = await listEndpoints(await db(), admin);
  return (
    <div className="max-w-6xl space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-sm text-slate-600">Administration</p>
          <h1 className="text-2xl font-semibold">Webhooks</h1>
          <p className="mt-1 max-w-2xl text-sm text-slate-600">
            Keyward posts your network&apos;s credential and OAuth app events to these URLs, signed as{" "}
            <a href="https://www.standardwebhooks.com/" className="text-indigo-700 underline">
              Standard Webhooks
            </a>
            . A delivery that fails is retried with growing waits for 24 hours.
          </p>
        </div>
        <AddEndpointDialog />
      </div>
      {endpoints.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          No webhook endpoints yet.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <ListTable label="Webhook endpoints">
            <ColumnHeads names={["URL", "Description", "Events", "Created"]} />
            <tbody>
              {endpoints.map((endpoint) => (
                <tr key={endpoint.id} className="border-t border-slate-100 align-top">
                  <td className="px-3 py-2">
                    <Link
                      href={`/webhooks?endpoint=${endpoint.id}`}
                      className="font-mono break-all text-indigo-700 underline"
                    >
                      {endpoint.url}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{endpoint.description || "—"}</td>
                  <td className="px-3 py-2">{endpoint.events.map((type) => WEBHOOK_EVENTS[type].label).join(", ")}</td>
                  <td className="px-3 py-2">
                    <DateTime value={endpoint.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </ListTable>
        </div>
      )}
    </div>
  );
}
