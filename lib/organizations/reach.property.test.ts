import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ROLES } from "../access/role-values";
import { reachWhere, type Member } from "./reach";

const role = fc.constantFrom(...ROLES);

describe("a narrowed credential's reach (reachWhere with a grant)", () => {
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
