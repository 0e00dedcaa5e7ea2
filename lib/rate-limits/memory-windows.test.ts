// The single instance's counter: fixed windows from a subject's first request, counted at once.
import { describe, expect, it } from "vitest";
import { MemoryWindows } from "./memory-windows";

const T0 = 1_800_000_000_000;

describe("memory windows", () => {
  it("allows the limit in a window, refuses past it, and starts again when the window ends", () => {
    const windows = new MemoryWindows(2, 60_000);
    expect(windows.count("a", T0)).toEqual({ kind: "allowed", remaining: 1, resetSeconds: 60 });
    expect(windows.count("a", T0 + 10_000)).toEqual({ kind: "allowed", remaining: 0, resetSeconds: 50 });
    expect(windows.count("a", T0 + 59_001)).toEqual({ kind: "limited", remaining: 0, resetSeconds: 1 });
    // Another subject has a budget of its own.
    expect(windows.count("b", T0 + 59_001)).toEqual({ kind: "allowed", remaining: 1, resetSeconds: 60 });
    // The window ends exactly 60 s after its first request, not on a clock boundary.
    expect(windows.count("a", T0 + 60_000)).toEqual({ kind: "allowed", remaining: 1, resetSeconds: 60 });
  });

  it("rounds the time left up to whole seconds, never below 1 (Retry-After and the RateLimit field)", () => {
    const windows = new MemoryWindows(1, 1_000);
    windows.count("a", T0);
    expect(windows.count("a", T0 + 999)).toEqual({ kind: "limited", remaining: 0, resetSeconds: 1 });
    expect(windows.count("a", T0 + 1)).toMatchObject({ resetSeconds: 1 });
  });

  it("keeps refusing requests past the limit until the window ends (they count too)", () => {
    const windows = new MemoryWindows(3, 1_000);
    const kinds = Array.from({ length: 10 }, () => windows.count("a", T0).kind);
    expect(kinds.filter((kind) => kind === "allowed")).toHaveLength(3);
    expect(kinds.slice(3).every((kind) => kind === "limited")).toBe(true);
  });

  it("drops ended windows as subjects come and go, so memory follows the subjects still counting", () => {
    const windows = new MemoryWindows(5, 1_000);
    for (let i = 0; i < 5_000; i++) windows.count(`one-off-${i}`, T0 + i * 10);
    // Each subject's window lasts 1 s = 100 subjects; what is held stays within a small multiple of that.
    expect(windows.size).toBeLessThan(2_200);
    // A subject still in its window keeps its count through a sweep.
    windows.count("steady", T0 + 50_000);
    windows.count("steady", T0 + 50_000);
    for (let i = 0; i < 3_000; i++) windows.count(`later-${i}`, T0 + 50_000 + (i % 900));
    expect(windows.count("steady", T0 + 50_900)).toEqual({ kind: "allowed", remaining: 2, resetSeconds: 1 });
  });
});
