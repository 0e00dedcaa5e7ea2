// Hostile input over real HTTP: oversized and endless bodies, control characters, odd paths,
// absurd headers. Each gets a clear JSON error with the right status, nothing is written, and
// the server keeps answering.
import { request as httpRequest } from "node:http";
import { expect, test } from "@playwright/test";
import { apiNetwork, arrangePersonalToken, expectBearerError } from "./support/api";
import { databaseFor } from "./support/state";

const V = "2022-08-01";

async function expectJsonError(
  response: { status(): number; json(): Promise<unknown>; headers(): Record<string, string> },
  status: number,
  error: string,
) {
  expect(response.status()).toBe(status);
  expect(response.headers()["content-type"]).toContain("application/json");
  expect(await response.json()).toMatchObject({ error, error_description: expect.any(String) });
}

/** A POST whose body is streamed in chunks with no Content-Length, as a client that never stops would send it. */
function chunkedPost(
  baseURL: string,
  path: string,
  headers: Record<string, string>,
  chunks: number,
  chunkSize: number,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, baseURL);
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: { ...headers, "Transfer-Encoding": "chunked" },
      },
      (res) => {
        let body = "";
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    // The server may answer and close before the client has finished sending: that is the point.
    req.on("error", (error) =>
      (error as NodeJS.ErrnoException).code === "EPIPE" || (error as NodeJS.ErrnoException).code === "ECONNRESET"
        ? undefined
        : reject(error),
    );
    const chunk = Buffer.alloc(chunkSize, "a");
    let sent = 0;
    const pump = () => {
      while (sent < chunks) {
        sent += 1;
        if (!req.write(chunk)) return req.once("drain", pump);
      }
      req.end();
    };
    req.write('{"name": "');
    pump();
  });
}

test("oversized bodies are 413 before they are buffered, with or without Content-Length; the server keeps answering", async ({
  request,
  baseURL,
}) => {
  const network = await apiNetwork(test.info());
  const { token } = await arrangePersonalToken(test.info());
  const path = `/api/${V}/advertisers/${network.advertiserIds[0]}.json`;
  const big = JSON.stringify({ name: "x".repeat(200_000) });
  await expectJsonError(
    await request.post(path, { headers: { Authorization: token, "Content-Type": "application/json" }, data: big }),
    413,
    "invalid_request",
  );
  // 64 MB announced by nobody: cut off at the limit, not read to the end.
  const endless = await chunkedPost(
    baseURL!,
    path,
    { Authorization: token, "Content-Type": "application/json" },
    1024,
    64 * 1024,
  );
  expect(endless.status).toBe(413);
  expect(JSON.parse(endless.body)).toMatchObject({ error: "invalid_request" });
  await expectJsonError(
    await request.post("/oauth2/token", {
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      data: `grant_type=client_credentials&pad=${"x".repeat(100_000)}`,
    }),
    413,
    "invalid_request",
  );
  await expectJsonError(
    await request.post("/api/v2/api_tokens", {
      headers: { "Content-Type": "application/json" },
      data: JSON.stringify({ email: "a@b.test", password: "x".repeat(100_000) }),
    }),
    413,
    "invalid_request",
  );
  expect((await request.get("/api/health")).status()).toBe(200);
  const db = await databaseFor(test.info());
  expect((await db.advertiser.findUniqueOrThrow({ where: { id: network.advertiserIds[0] } })).name).not.toMatch(/^x+$/);
});

test("control characters, line breaks and bidi overrides in a name are a 400 that names the rule; nothing is written", async ({
  request,
}) => {
  const network = await apiNetwork(test.info());
  const { token } = await arrangePersonalToken(test.info());
  const path = `/api/${V}/advertisers/${network.advertiserIds[1]}.json`;
  const db = await databaseFor(test.info());
  const before = await db.advertiser.findUniqueOrThrow({ where: { id: network.advertiserIds[1] } });
  for (const name of ["Acme\u0000Outdoor", "Acme\nOutdoor", "Acme \u202eroodtuO"]) {
    const response = await request.post(path, {
      headers: { Authorization: token, "Content-Type": "application/json" },
      data: JSON.stringify({ name }),
    });
    expect(await response.json()).toEqual({
      error: "invalid_request",
      error_description: "name must be visible text: no control characters or line breaks",
    });
    expect(response.status()).toBe(400);
  }
  expect(await db.advertiser.findUniqueOrThrow({ where: { id: network.advertiserIds[1] } })).toEqual(before);
  // Not JSON, an array, deep nesting, a body on a GET-only list: each a clear 400 or 405.
  await expectJsonError(
    await request.post(path, {
      headers: { Authorization: token, "Content-Type": "application/json" },
      data: "{not json",
    }),
    400,
    "invalid_request",
  );
  await expectJsonError(
    await request.post(path, { headers: { Authorization: token, "Content-Type": "application/json" }, data: "[1,2]" }),
    400,
    "invalid_request",
  );
  await expectJsonError(
    await request.post(path, {
      headers: { Authorization: token, "Content-Type": "application/json" },
      data: "[".repeat(20_000) + "]".repeat(20_000),
    }),
    400,
    "invalid_request",
  );
  await expectJsonError(
    await request.post(path, {
      headers: { Authorization: token, "Content-Type": "application/json" },
      data: JSON.stringify({ name: "Fine", admin: true }),
    }),
    400,
    "invalid_request",
  );
});

test("odd paths, ids and headers: 404 or 401 in JSON, never a server error", async ({ request }) => {
  const { token } = await arrangePersonalToken(test.info());
  const headers = { Authorization: token };
  for (const id of ["..%2F..%2Fetc%2Fpasswd", "%00", "1%20OR%201%3D1", "a".repeat(300), "%E2%80%AE"]) {
    const response = await request.get(`/api/${V}/advertisers/${id}.json`, { headers });
    expect([400, 404], id).toContain(response.status());
    expect(response.headers()["content-type"], id).toContain("application/json");
  }
  expect((await request.get(`/api/${V}/advertisers.json?page=1;DROP%20TABLE%20Advertiser`, { headers })).status()).toBe(
    200,
  );
  expectBearerError(
    await request.get(`/api/${V}/advertisers.json`, { headers: { Authorization: `Bearer ${"A".repeat(6000)}` } }),
    401,
    "invalid_token",
  );
  expectBearerError(
    await request.get(`/api/${V}/advertisers.json`, { headers: { Authorization: `Bearer kw_pat_${"é".repeat(38)}` } }),
    401,
    "invalid_token",
  );
  expectBearerError(
    await request.get(`/api/${V}/advertisers.json`, { headers: { Authorization: "Basic dXNlcjpwYXNz" } }),
    401,
    "invalid_token",
  );
  expect((await request.get("/api/health")).status()).toBe(200);
});
