// One HTTP POST of a webhook. The host is resolved here (every address it has, dns.lookup with
// all: true) and refused if any address is private or reserved, then the connection is pinned
// to the address just checked (the request's `lookup` returns it), so DNS cannot answer the
// check with a public address and the connection with a private one. Redirects are never
// followed (a 3xx is a failed attempt), the answer is read up to a small limit, and the whole
// exchange is bounded by a timeout.
import { lookup } from "node:dns/promises";
import { request as httpRequest, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { addressRefusal, isLocalhostName, type AddressRules } from "./address-rules";
import { bareHostname, checkEndpointUrl } from "./endpoint-url";

export const DELIVERY_TIMEOUT_MS = 10_000;
/** Receivers answer with a status; a body beyond this is not read (and not kept). */
export const MAX_RESPONSE_BYTES = 16 * 1024;

export type PostOutcome =
  | { status: number; error: null }
  /** No HTTP answer (refused address, DNS, timeout, connection): why, without a secret. */
  | { status: null; error: string };

/** The address to connect to: the host's, after every address it resolves to passed the rules. */
export async function checkedAddress(
  hostname: string,
  rules: AddressRules,
): Promise<{ address: string; family: 4 | 6 } | { refusal: string }> {
  if (isIP(hostname) !== 0) {
    const refusal = addressRefusal(hostname, rules);
    return refusal ? { refusal: `${hostname} ${refusal}` } : { address: hostname, family: isIP(hostname) as 4 | 6 };
  }
  // localhost is this machine (RFC 6761) even if a resolver says otherwise.
  const addresses = isLocalhostName(hostname)
    ? [{ address: "127.0.0.1", family: 4 }]
    : await lookup(hostname, { all: true, verbatim: true });
  if (addresses.length === 0) return { refusal: `${hostname} has no address` };
  for (const { address } of addresses) {
    const refusal = addressRefusal(address, rules);
    // One bad address refuses the host: a resolver may hand out any of them.
    if (refusal) return { refusal: `${hostname} resolves to ${address}, which ${refusal}` };
  }
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

export async function postWebhook(
  target: string,
  headers: Record<string, string>,
  body: string,
  rules: AddressRules,
  timeoutMs = DELIVERY_TIMEOUT_MS,
): Promise<PostOutcome> {
  const checked = checkEndpointUrl(target, rules);
  if (!checked.ok) return { status: null, error: checked.message };
  const url = checked.url;
  let pinned: Awaited<ReturnType<typeof checkedAddress>>;
  try {
    pinned = await checkedAddress(bareHostname(url), rules);
  } catch (error) {
    return { status: null, error: `DNS lookup failed (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  }
  if ("refusal" in pinned) return { status: null, error: `Refused: ${pinned.refusal}.` };
  const { address, family } = pinned;
  const pinnedLookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const options: RequestOptions = {
    method: "POST",
    lookup: pinnedLookup,
    headers: {
      ...headers,
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(body)),
      "user-agent": "Keyward-Webhooks/1",
    },
    signal: AbortSignal.timeout(timeoutMs),
  };
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<PostOutcome>((resolve) => {
    const request = send(url, options, (response) => {
      let read = 0;
      response.on("data", (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_RESPONSE_BYTES) response.destroy();
      });
      const done = () => resolve({ status: response.statusCode ?? 0, error: null });
      response.on("end", done);
      response.on("close", done);
      response.on("error", done);
    });
    request.on("error", (error: NodeJS.ErrnoException) => {
      resolve({
        status: null,
        error:
          error.name === "AbortError" || error.name === "TimeoutError"
            ? `No answer within ${timeoutMs / 1000} s`
            : `Connection failed (${error.code ?? error.message})`,
      });
    });
    request.end(body);
  });
}
