import type { Metadata } from "next";
import { headers } from "next/headers";
import { requireUser } from "@/lib/auth/current-user";
import {
  curlExamples,
  openIdConnectCurlExamples,
  organizationCurlExamples,
  type CurlExample,
} from "@/lib/api/curl-examples";
import { deviceFlowCurlExamples } from "@/lib/api/curl-examples-device";
import { issuerFor } from "@/lib/oauth/issuer";
import { requestOrigin } from "@/lib/request-origin";
import { openApiDocument } from "@/lib/api/openapi";
import { SUPPORTED_API_VERSIONS } from "@/lib/api/versions";
import { CopyButton } from "@/components/ui/copy-button";

export const metadata: Metadata = { title: "API Docs" };

type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  responses?: Record<string, { description: string }>;
};

function CurlExampleList({ examples }: { examples: CurlExample[] }) {
  return (
    <ul className="mt-3 space-y-4">
      {examples.map((example) => (
        <ExampleItem key={example.title} example={example} />
      ))}
    </ul>
  );
}

export default async function DocsPage() {
  await requireUser();
  // Keyward's public address (KEYWARD_URL, the issuer), not whatever Host this request named.
  const origin = issuerFor(requestOrigin(await headers()));
  const document = openApiDocument();
  const version = SUPPORTED_API_VERSIONS[0];
  // The document's x-codeSamples name no host; here they name this Keyward's.
  const operationExamples: Record<string, string | undefined> = organizationCurlExamples(origin, version);
  return (
    <div className="max-w-5xl space-y-10">
      <div>
        <h1 className="text-2xl font-semibold">API Docs</h1>
        <p className="mt-1 text-slate-600">
          The whole API as OpenAPI 3.1:{" "}
          <a href="/api/openapi.json" className="text-indigo-700 underline">
            /api/openapi.json
          </a>
          . Versions: {SUPPORTED_API_VERSIONS.join(", ")}.
        </p>
      </div>
      <section aria-labelledby="examples-title">
        <h2 id="examples-title" className="text-lg font-semibold">
          Presenting a credential
        </h2>
        <CurlExampleList examples={curlExamples(origin, version)} />
      </section>
      <section aria-labelledby="openid-connect-title">
        <h2 id="openid-connect-title" className="text-lg font-semibold">
          Log in with Keyward (OpenID Connect)
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Register an OAuth app with the authorization code grant and the scopes openid (and profile, email). Any OpenID
          Connect client library finds the rest from the issuer <code>{origin}</code>: send nonce with the authorization
          request, and the token answer carries an id_token (ES256) beside the access token. email_verified is always
          false: Keyward does not confirm email addresses.
        </p>
        <CurlExampleList examples={openIdConnectCurlExamples(origin)} />
      </section>
      <section aria-labelledby="device-flow-title">
        <h2 id="device-flow-title" className="text-lg font-semibold">
          Command-line tools: the device flow (RFC 8628)
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          For an OAuth app registered with the device authorization grant. The tool shows its user a short code and{" "}
          <span className="font-mono">{origin}/device</span>; the user signs in there, types the code and allows the
          app, and the tool&apos;s next poll gets an access token.
        </p>
        <CurlExampleList examples={deviceFlowCurlExamples(origin)} />
      </section>
      <section aria-labelledby="endpoints-title">
        <h2 id="endpoints-title" className="text-lg font-semibold">
          Endpoints
        </h2>
        <div className="mt-3 space-y-3">
          {Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(([path, operations]) =>
            Object.entries(operations)
              .filter(([method]) => method !== "parameters")
              .map(([method, operation]) => {
                const example = operation.operationId ? operationExamples[operation.operationId] : undefined;
                return (
                  <article
                    key={`${method} ${path}`}
                    id={operation.operationId}
                    className="rounded-lg border border-slate-200 bg-white p-3"
                  >
                    <h3 className="font-mono text-sm wrap-anywhere">
                      <span className="mr-2 rounded bg-slate-200 px-1.5 py-0.5 font-semibold uppercase">{method}</span>
                      {path}
                    </h3>
                    <p className="mt-1 text-sm">{operation.summary}</p>
                    {operation.description ? (
                      <p className="mt-1 text-sm text-slate-600">{operation.description}</p>
                    ) : null}
                    {example ? (
                      <div className="mt-2 flex items-start gap-2">
                        <pre className="min-w-0 flex-1 rounded bg-slate-900 p-2 text-xs whitespace-pre-wrap text-slate-100 wrap-anywhere">
                          <code>{example}</code>
                        </pre>
                        <CopyButton value={example} label={`Copy: ${method.toUpperCase()} ${path}`} />
                      </div>
                    ) : null}
                    <ul className="mt-2 text-xs text-slate-600">
                      {Object.entries(operation.responses ?? {}).map(([status, response]) => (
                        <li key={status}>
                          <span className="font-mono">{status}</span> {response.description}
                        </li>
                      ))}
                    </ul>
                  </article>
                );
              }),
          )}
        </div>
      </section>
    </div>
  );
}

function ExampleItem({ example }: { example: CurlExample }) {
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-3">
      <div className="flex items-start justify-between gap-3">
        <h3 className="font-medium">{example.title}</h3>
        <CopyButton value={example.command} label={`Copy: ${example.title}`} />
      </div>
      {example.note ? <p className="mt-1 text-sm text-amber-800">{example.note}</p> : null}
      <pre className="mt-2 rounded bg-slate-900 p-3 text-xs whitespace-pre-wrap text-slate-100 wrap-anywhere">
        <code>{example.command}</code>
      </pre>
    </li>
  );
}
