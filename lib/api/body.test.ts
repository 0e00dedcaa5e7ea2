import { describe, expect, it } from "vitest";
import { BodyTooLargeError, FORM_BODY_LIMIT_BYTES, JSON_BODY_LIMIT_BYTES, readLimitedText } from "./body";

/** A streamed (chunked) body: no Content-Length, and a record of whether it was cancelled or read. */
function streamed(chunks: Uint8Array[]) {
  const seen = { pulls: 0, cancelled: false };
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.pulls += 1;
      const chunk = chunks[index++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  const request = new Request("https://keyward.example.test/api", {
    method: "POST",
    body,
    duplex: "half",
  } as RequestInit);
  return { request, seen };
}

const bytes = (length: number, fill = 0x61) => new Uint8Array(length).fill(fill);

describe("reading request bodies with a ceiling", () => {
  it("limits JSON bodies to 64 KB and form bodies to 16 KB", () => {
    expect(JSON_BODY_LIMIT_BYTES).toBe(65_536);
    expect(FORM_BODY_LIMIT_BYTES).toBe(16_384);
  });

  it("reads a body up to the limit, whole, as UTF-8", async () => {
    const text = "é".repeat(50) + "a";
    const request = new Request("https://keyward.example.test/api", { method: "POST", body: text });
    expect(await readLimitedText(request, 101)).toBe(text);
    expect(
      await readLimitedText(
        new Request("https://keyward.example.test/api", { method: "POST", body: "x".repeat(100) }),
        100,
      ),
    ).toBe("x".repeat(100));
    // A multi-byte character split between two chunks is still decoded as one.
    const euro = new TextEncoder().encode("€");
    expect(await readLimitedText(streamed([euro.slice(0, 1), euro.slice(1), bytes(2)]).request, 5)).toBe("€aa");
  });

  it("reads nothing when there is no body", async () => {
    expect(await readLimitedText(new Request("https://keyward.example.test/api"), 10)).toBe("");
    expect(await readLimitedText(new Request("https://keyward.example.test/api", { method: "POST" }), 10)).toBe("");
    expect(
      await readLimitedText(new Request("https://keyward.example.test/api", { method: "POST", body: "" }), 10),
    ).toBe("");
  });

  it("refuses a declared Content-Length over the limit before reading anything", async () => {
    const { request } = streamed([bytes(10)]);
    request.headers.set("content-length", "101");
    const error = await readLimitedText(request, 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect(request.bodyUsed).toBe(false);
    // The declared length alone decides: an exact fit is read.
    const exact = streamed([bytes(100)]);
    exact.request.headers.set("content-length", "100");
    expect(await readLimitedText(exact.request, 100)).toBe("a".repeat(100));
  });

  it("counts a streamed body as it arrives and stops reading at the limit", async () => {
    const { request, seen } = streamed([bytes(60), bytes(40), bytes(1), bytes(1000), bytes(1000)]);
    const error = await readLimitedText(request, 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect(error).toMatchObject({ name: "BodyTooLargeError", limitBytes: 100 });
    expect(seen.cancelled).toBe(true);
    expect(seen.pulls).toBeLessThanOrEqual(4);

    const fits = streamed([bytes(60), bytes(40)]);
    expect(await readLimitedText(fits.request, 100)).toBe("a".repeat(100));
    expect(fits.seen.cancelled).toBe(false);
  });

  it("does not trust a Content-Length that is not a number or understates the body", async () => {
    for (const declared of ["abc", "Infinity", "10"]) {
      const { request } = streamed([bytes(150)]);
      request.headers.set("content-length", declared);
      await expect(readLimitedText(request, 100), declared).rejects.toBeInstanceOf(BodyTooLargeError);
    }
    for (const declared of ["abc", "Infinity", "-1"]) {
      const { request } = streamed([bytes(50)]);
      request.headers.set("content-length", declared);
      expect(await readLimitedText(request, 100), declared).toBe("a".repeat(50));
    }
  });

  it("says how large a body may be, in KB", () => {
    expect(new BodyTooLargeError(JSON_BODY_LIMIT_BYTES).message).toBe("The request body is larger than 64 KB");
    expect(new BodyTooLargeError(1536).message).toBe("The request body is larger than 2 KB");
    expect(new BodyTooLargeError(1535).message).toBe("The request body is larger than 1 KB");
    expect(new BodyTooLargeError(FORM_BODY_LIMIT_BYTES)).toMatchObject({
      name: "BodyTooLargeError",
      limitBytes: 16_384,
    });
  });
});
