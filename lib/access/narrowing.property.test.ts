import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reachWhere, type Member } from "../organizations/reach";
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

  it("a grant only ever narrows what a member's where clause matches", () => {
    const id = fc.constantFrom("a1", "a2", "a3", "a4");
    fc.assert(
      fc.property(
        role,
        fc.option(id, { nil: null }),
        fc.option(fc.uniqueArray(id), { nil: null }),
        fc.constantFrom("a1", "a2", "a3", "a4", "zz"),
        (memberRole, own, chosen, candidate) => {
          const base: Member = { accountId: "acc", role: memberRole, advertiserId: own, publisherId: null };
          const narrowed: Member = { ...base, grant: { advertisers: chosen, publishers: null } };
          const matches = (where: ReturnType<typeof reachWhere>) =>
            where.id === undefined ||
            (typeof where.id === "string" ? where.id === candidate : where.id.in.includes(candidate));
          const wide = matches(reachWhere(base, "advertiser"));
          const narrow = matches(reachWhere(narrowed, "advertiser"));
          if (narrow) expect(wide).toBe(true);
          if (chosen !== null && narrow) expect(chosen).toContain(candidate);
          if (chosen === null) expect(narrow).toBe(wide);
        },
      ),
    );
  });
});
