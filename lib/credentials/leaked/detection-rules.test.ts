// The published detection rules (docs/secret-scanning/) find every kind's secrets and nothing
// else. Run here as JavaScript regexes, after checking they stay in the RE2 subset that gitleaks
// (Go regexp) and GitHub's custom patterns accept.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mintSecret } from "../format";
import { credentialKinds } from "../kinds";

const DOCS = join(process.cwd(), "docs", "secret-scanning");

/** The gitleaks rule's regex (the one [[rules]] block's TOML literal string). */
function gitleaksRegex(): string {
  const toml = readFileSync(join(DOCS, "gitleaks.toml"), "utf8");
  const found = /^regex = '''(.+)'''$/m.exec(toml);
  if (!found) throw new Error("gitleaks.toml has no regex = '''...''' line");
  return found[1]!;
}

/** The fenced block under a "## <heading>" of the GitHub custom pattern file. */
function patternBlock(heading: string): string {
  const markdown = readFileSync(join(DOCS, "github-custom-pattern.md"), "utf8");
  const section = markdown.split(/^## /m).find((part) => part.startsWith(`${heading}\n`));
  const block = section && /```\w*\n([\s\S]*?)\n```/.exec(section);
  if (!block) throw new Error(`github-custom-pattern.md has no block under "## ${heading}"`);
  return block[1]!;
}

/** GitHub's before/secret/after patterns as one JS regex: \A and \z are ^ and $ in JavaScript. */
function githubRegex(): string {
  const edge = (pattern: string) => pattern.replace(/\\A/g, "^").replace(/\\z/g, "$");
  return `(?:${edge(patternBlock("Before secret"))})(${patternBlock("Secret format")})(?:${edge(patternBlock("After secret"))})`;
}

const RULES = { gitleaks: gitleaksRegex, "GitHub custom pattern": githubRegex };

function findAll(pattern: string, text: string): string[] {
  return [...text.matchAll(new RegExp(pattern, "gm"))].map((match) => match[1]!);
}

describe.each(Object.entries(RULES))("the %s rule", (_name, rule) => {
  const pattern = rule();

  it("stays in the RE2 subset: no look-around, no back-references", () => {
    expect(pattern).not.toMatch(/\(\?<?[=!]/);
    expect(pattern).not.toMatch(/\\[1-9]/);
  });

  it("finds a freshly issued secret of every registered kind, wherever it sits in a line", () => {
    for (const kind of credentialKinds()) {
      const secret = mintSecret(kind.code);
      for (const line of [
        secret,
        `TOKEN=${secret}`,
        `Authorization: Bearer ${secret}`,
        `{"token":"${secret}"}`,
        `?access_token=${secret}&x=1`,
        `'${secret}'`,
      ]) {
        expect(findAll(pattern, line), `${kind.code} in ${line}`).toEqual([secret]);
      }
    }
  });

  it("finds several secrets in one file", () => {
    const secrets = credentialKinds().map((kind) => mintSecret(kind.code));
    expect(findAll(pattern, secrets.join("\n"))).toEqual(secrets);
  });

  it("finds no near-miss: wrong prefix, short, long, bad characters, embedded in a longer word", () => {
    const secret = mintSecret("pat");
    const body = secret.slice("kw_pat_".length);
    const misses = [
      `kw_zzz_${body}`,
      `KW_pat_${body}`,
      `kw-pat-${body}`,
      `kw__${body}`,
      `kw_pat${body}`,
      secret.slice(0, -1),
      `kw_pat_${body.slice(0, 20)}`,
      `${secret}A`,
      `kw_pat_${body.slice(0, 10)}-${body.slice(11)}`,
      `kw_pat_${body.slice(0, 10)}+${body.slice(11)}`,
      `kw_pat_${body.slice(0, 10)}é${body.slice(11)}`,
      `x${secret}`,
      `my_${secret}`,
      `${secret}_suffix`,
      `0${secret}9`,
    ];
    for (const miss of misses) expect(findAll(pattern, miss), miss).toEqual([]);
  });
});

describe("the GitHub custom pattern's own test strings", () => {
  it("match and miss as the file says", () => {
    const pattern = githubRegex();
    expect(findAll(pattern, patternBlock("Test string (must match)"))).toHaveLength(1);
    for (const line of patternBlock("Test strings (must not match)").split("\n"))
      expect(findAll(pattern, line), line).toEqual([]);
  });
});
