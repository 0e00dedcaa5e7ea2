import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACCESS_LEVELS, levelOf, levelsOffered, RESOURCE_TYPES, scopesOfLevels } from "./narrowing";
import { hasScope, SCOPES } from "./privileges";
import { ROLES } from "./role-values";

const role = fc.constantFrom(...ROLES);
const levels = fc.record(
  Object.fromEntries(RESOURCE_TYPES.map((resource) => [resource, fc.constantFrom(...ACCESS_LEVELS)])) as Record<
    (typeof RESOURCE_TYPES)[number],
    fc.Arbitrary<(typeof ACCESS_LEVELS)[number]>
  >,
);

describe("narrowing never exceeds the owner", () => {
  it("whatever levels are stored, a credential uses no scope its owner's role lacks", () => {
    fc.assert(
      fc.property(role, levels, (owner, chosen) => {
        const scopes = scopesOfLevels(chosen);
        for (const scope of SCOPES) {
          if (hasScope({ user: { role: owner }, scopes }, scope))
            expect(hasScope({ user: { role: owner }, scopes: null }, scope)).toBe(true);
        }
      }),
    );
  });

  it("within what the role offers, the levels chosen are exactly the levels the credential has", () => {
    fc.assert(
      fc.property(role, levels, (owner, wanted) => {
        const offered = Object.fromEntries(
          RESOURCE_TYPES.map((resource) => {
            const allowed = levelsOffered(owner, resource);
            return [resource, allowed.includes(wanted[resource]) ? wanted[resource] : "none"];
          }),
        ) as typeof wanted;
        const scopes = scopesOfLevels(offered);
        for (const resource of RESOURCE_TYPES) expect(levelOf(owner, scopes, resource)).toBe(offered[resource]);
      }),
    );
  });
});
