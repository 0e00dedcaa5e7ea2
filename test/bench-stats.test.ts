// The figures `npm run bench` judges rows by: the median round and the spread of the rounds.
import { expect, it } from "vitest";
import { showSpread, spreadOf } from "@/scripts/bench/stats";

it("takes the median of an odd or even number of rounds, whatever their order, with min and max", () => {
  expect(spreadOf([0.95, 0.7, 1.02, 0.91, 0.93])).toEqual({ median: 0.93, min: 0.7, max: 1.02 });
  expect(spreadOf([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4 });
  expect(showSpread(spreadOf([0.9, 0.95, 1]), 3)).toBe("0.950 (0.900–1.000)");
});

it("shows no figure for no rounds rather than a made-up one", () => {
  expect(showSpread(spreadOf([]), 2)).toBe("n/a");
});
