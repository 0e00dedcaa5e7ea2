// A real HTTP receiver for webhook tests: it verifies every request with the standardwebhooks
// library (as any receiver would) and answers with the status the test chose for that attempt.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface ReceivedWebhook {
  id: string;
  headers: Record<string, string>;
  body: string;
  /** Which of the receiver's secrets verified it (index), or -1 when none did. */
  verifiedWith: number;
  payload: { type: string; timestamp: string; data: Record<string, unknown> } | null;
}

export interface TestReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The receiver's secrets (set after the endpoint is created; more than one during a rotation). */
  secrets: string[];
  /** The receiver's clock in ms (a test that moves Keyward's clock forward moves this one too). */
  clock: (() => number) | undefined;
  /** The status for the nth request (0-based), given what arrived; 204 when it returns undefined. */
  respond: (index: number, request: ReceivedWebhook) => number | undefined;
  close(): Promise<void>;
}

export async function startReceiver(host = "127.0.0.1"): Promise<TestReceiver> {
  const receiver: TestReceiver = {
    url: "",
    received: [],
    secrets: [],
    respond: () => undefined,
    clock: undefined,
    close: async () => undefined,
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(",") : (value ?? ""),
        ]),
      );
      let verifiedWith = -1;
      let payload: ReceivedWebhook["payload"] = null;
      // The library checks the timestamp against Date.now: the receiver's clock stands in.
      const realNow = Date.now;
      if (receiver.clock) Date.now = receiver.clock;
      try {
        receiver.secrets.forEach((secret, index) => {
          if (verifiedWith !== -1) return;
          try {
            payload = new Webhook(secret).verify(body, headers) as ReceivedWebhook["payload"];
            verifiedWith = index;
          } catch {
            // not this secret (or too old / too new)
          }
        });
      } finally {
        Date.now = realNow;
      }
      const index = receiver.received.length;
      const received = { id: headers["webhook-id"] ?? "", headers, body, verifiedWith, payload };
      receiver.received.push(received);
      response.statusCode = receiver.respond(index, received) ?? 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  receiver.url = `http://${host.includes(":") ? `[${host}]` : host}:${port}/hooks`;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}
