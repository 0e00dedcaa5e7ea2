// Property-based proof of body reading: whatever chunks arrive, with a truthful, false,
// absent or nonsensical Content-Length, readLimitedText returns exactly the bytes sent (as
// UTF-8) when they fit the limit, and otherwise throws BodyTooLargeError, never another error.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BodyTooLargeError, readLimitedText } from "./body";

const RUNS = { numRuns: 10_000 };

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      const chunk = chunks[next++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
  });
}

const declaredLength = (total: number) =>
  fc.oneof(
    fc.constant(undefined),
    fc.constant(String(total)),
    fc.nat({ max: 4096 }).map(String),
    fc.constantFrom("", "abc", "-1", "1e3", " 12 ", "0x10", "Infinity", "99999999999999999999"),
  );

describe("readLimitedText (property-based)", () => {
  it("returns every byte sent when it fits the limit, otherwise refuses with BodyTooLargeError only", async () => {
    const sent = fc
      .record({
        chunks: fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }),
        text: fc.option(fc.string({ unit: "binary", maxLength: 40 }), { nil: undefined }),
        limit: fc.nat({ max: 600 }),
      })
      .chain((base) => {
        const chunks = base.text === undefined ? base.chunks : [...base.chunks, new TextEncoder().encode(base.text)];
        const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
        return fc.record({
          chunks: fc.constant(chunks),
          total: fc.constant(total),
          limit: fc.constant(base.limit),
          declared: declaredLength(total),
        });
      });
    await fc.assert(
      fc.asyncProperty(sent, async ({ chunks, total, limit, declared }) => {
        const headers = declared === undefined ? undefined : { "content-length": declared };
        const request = new Request("http://keyward.test/api", {
          method: "POST",
          headers,
          body: streamOf(chunks),
          duplex: "half",
        } as RequestInit);
        const declaredNumber = declared === undefined ? Number.NaN : Number(declared);
        const tooLarge = total > limit || (Number.isFinite(declaredNumber) && declaredNumber > limit);
        let outcome: string | Error;
        try {
          outcome = await readLimitedText(request, limit);
        } catch (error) {
          outcome = error as Error;
        }
        if (tooLarge) {
          expect(outcome).toBeInstanceOf(BodyTooLargeError);
          expect((outcome as BodyTooLargeError).limitBytes).toBe(limit);
        } else {
          expect(outcome).toBe(Buffer.concat(chunks).toString("utf8"));
        }
      }),
      RUNS,
    );
  });

  it("round-trips any text within the limit", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 80 }), async (text) => {
        const request = new Request("http://keyward.test/api", { method: "POST", body: text });
        expect(await readLimitedText(request, 4 * text.length)).toBe(text);
      }),
      RUNS,
    );
    expect(await readLimitedText(new Request("http://keyward.test/api"), 0)).toBe("");
  });
});
