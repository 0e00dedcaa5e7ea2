import Link from "next/link";
import { notFound } from "next/navigation";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { WEBHOOK_EVENTS, isWebhookEventType } from "@/lib/webhook-outbox/events";
import { deliveryLog } from "@/lib/webhooks/deliveries";
import { getEndpoint } from "@/lib/webhooks/endpoints";
import { ColumnHeads } from "@/components/ui/column-heads";
import { ListTable } from "@/components/ui/list-table";
import { DateTime } from "@/components/ui/date-time";
import { ResendButton, SendTestEventButton } from "./delivery-buttons";
import { DeleteEndpointDialog, EditEndpointDialog, RotateSecretDialog } from "./endpoint-dialogs";

const STATUS_LABELS: Record<string, string> = { pending: "Retrying", succeeded: "Delivered", failed: "Failed" };

function eventLabel(type: string): string {
  return isWebhookEventType(type) ? WEBHOOK_EVENTS[type].label : "Test event";
}

/** One endpoint's page (/webhooks?endpoint=<id>): its settings, its buttons and its delivery log. */
export async function EndpointDetail({ admin, endpointId }: { admin: CurrentUser; endpointId: string }) {
  const client = await db();
  // Another account's endpoint is not found, exactly like one that does not exist.
  const endpoint = await getEndpoint(client, admin, endpointId);
  if (!endpoint) notFound();
  const deliveries = await deliveryLog(client, admin, endpoint.id);

  return (
    <div className="max-w-6xl space-y-6">
      <div>
        <p className="text-sm text-slate-600">
          <Link href="/webhooks" className="text-indigo-700 underline">
            Webhooks
          </Link>
        </p>
        <h1 className="font-mono text-xl font-semibold break-all">{endpoint.url}</h1>
        {endpoint.description ? <p className="mt-1 text-slate-600">{endpoint.description}</p> : null}
        <p className="mt-2 text-sm">Events: {endpoint.events.map((type) => WEBHOOK_EVENTS[type].label).join(", ")}</p>
        {endpoint.previousSecretUntil ? (
          <p className="mt-1 text-sm text-amber-800">
            Signed with the new and the previous secret until <DateTime value={endpoint.previousSecretUntil} />.
          </p>
        ) : null}
        <div className="mt-4 flex flex-wrap items-start gap-2">
          <SendTestEventButton endpointId={endpoint.id} />
          <EditEndpointDialog
            endpointId={endpoint.id}
            initial={{ url: endpoint.url, description: endpoint.description, events: endpoint.events }}
          />
          <RotateSecretDialog endpointId={endpoint.id} />
          <DeleteEndpointDialog endpointId={endpoint.id} url={endpoint.url} />
        </div>
      </div>

      <section aria-labelledby="delivery-log-title" className="space-y-2">
        <h2 id="delivery-log-title" className="text-lg font-semibold">
          Delivery log
        </h2>
        <p className="text-sm text-slate-600">The latest 50 deliveries, each with its attempts, newest first.</p>
        {deliveries.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
            Nothing sent yet.
          </p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <ListTable label="Delivery log">
              <ColumnHeads names={["Time", "Event", "Status", "Attempt", "Response", "Duration"]} actions />
              <tbody>
                {deliveries.flatMap((delivery) => {
                  const rows = delivery.log.length > 0 ? delivery.log : [null];
                  return rows.map((attempt, index) => (
                    <tr
                      key={`${delivery.id}-${attempt?.attempt ?? 0}`}
                      data-delivery={delivery.id}
                      data-event={delivery.eventId}
                      className={index === 0 ? "border-t border-slate-200 align-top" : "align-top"}
                    >
                      <td className="px-3 py-2">
                        <DateTime value={attempt?.startedAt ?? delivery.createdAt} seconds />
                      </td>
                      <td className="px-3 py-2">
                        {index === 0 ? (
                          <>
                            <div>{eventLabel(delivery.eventType)}</div>
                            <div className="font-mono text-xs text-slate-600">{delivery.eventId}</div>
                            {delivery.resendOfId ? <div className="text-xs text-slate-600">Resent</div> : null}
                          </>
                        ) : null}
                      </td>
                      <td className="px-3 py-2">
                        {attempt ? (attempt.succeeded ? "Succeeded" : "Failed") : "Waiting"}
                        {index === 0 ? (
                          <div className="text-xs text-slate-600">
                            Delivery: {STATUS_LABELS[delivery.status] ?? delivery.status}
                            {delivery.nextAttemptAt ? (
                              <>
                                {" "}
                                (next <DateTime value={delivery.nextAttemptAt} seconds />)
                              </>
                            ) : null}
                          </div>
                        ) : null}
                      </td>
                      <td className="px-3 py-2">{attempt ? `#${attempt.attempt}` : "—"}</td>
                      <td className="px-3 py-2">
                        {attempt?.responseStatus ?? "—"}
                        {attempt?.error ? <div className="text-xs text-red-800">{attempt.error}</div> : null}
                      </td>
                      <td className="px-3 py-2">{attempt ? `${attempt.durationMs} ms` : "—"}</td>
                      <td className="px-3 py-2 text-right">
                        {index === 0 ? (
                          <ResendButton
                            deliveryId={delivery.id}
                            label={`Resend ${eventLabel(delivery.eventType)} ${delivery.eventId}`}
                          />
                        ) : null}
                      </td>
                    </tr>
                  ));
                })}
              </tbody>
            </ListTable>
          </div>
        )}
      </section>
    </div>
  );
}
