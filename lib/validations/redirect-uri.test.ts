import { describe, expect, it } from "vitest";
import { MAX_REDIRECT_URI_LENGTH, redirectUriProblem } from "./redirect-uri";

const FORBIDDEN_CHARACTERS = /cannot contain spaces/;

describe("redirect URI rules (RFC 6749 3.1.2, RFC 8252, RFC 9700)", () => {
  it("accepts https, plain http to the user's own machine, and reverse-DNS app schemes", () => {
    for (const uri of [
      "https://app.example.test/callback",
      "https://app.example.test:8443/cb?x=1",
      "http://localhost/cb",
      "http://localhost:3000/cb",
      "http://127.0.0.1:8123/cb",
      "http://[::1]:8123/cb",
      "com.example.app:/callback",
      "com.example.app://callback",
      "Com.Example.App:/callback",
      "org.example-corp.app+v2:/cb",
    ]) {
      expect(redirectUriProblem(uri), uri).toBeNull();
    }
  });

  it("refuses plain http to any other host, including look-alikes of the loopback names", () => {
    for (const uri of [
      "http://app.example.test/cb",
      "http://localhost.evil.example/cb",
      "http://127.0.0.2/cb",
      "http://[::2]/cb",
      "http://0.0.0.0/cb",
      "http://evil.example/localhost",
    ]) {
      expect(redirectUriProblem(uri), uri).toMatch(
        /^Use https \(plain http only for localhost, 127\.0\.0\.1 or \[::1\]\)$/,
      );
    }
  });

  it("refuses other schemes, and app schemes that are not in reverse-DNS form", () => {
    const otherScheme =
      /^Use https, http on localhost, or an app's reverse-DNS scheme \(com\.example\.app:\/callback\)$/;
    for (const uri of [
      "javascript:alert(1)",
      "data:text/html,hi",
      "ftp://files.example.test/",
      "myapp:/callback",
      "com.:/callback",
      "file:///etc/passwd",
      "wss://app.example.test/",
    ]) {
      expect(redirectUriProblem(uri), uri).toMatch(otherScheme);
    }
  });

  it(`refuses more than ${MAX_REDIRECT_URI_LENGTH} characters`, () => {
    const head = "https://app.example.test/";
    const longest = head + "a".repeat(MAX_REDIRECT_URI_LENGTH - head.length);
    expect(longest).toHaveLength(2000);
    expect(redirectUriProblem(longest)).toBeNull();
    expect(redirectUriProblem(longest + "a")).toBe("Use at most 2000 characters");
  });

  it("refuses spaces, quotes and the other characters a URI never holds unencoded", () => {
    for (const char of [" ", "\t", "\n", "\r", "\f", "\v", "\u00a0", "<", ">", '"', "{", "}", "|", "\\", "^", "`"]) {
      expect(redirectUriProblem(`https://app.example.test/c${char}b`), JSON.stringify(char)).toBe(
        'A redirect URI cannot contain spaces or < > " { } | \\ ^ `',
      );
    }
    expect(redirectUriProblem("https://app.example.test/cb ")).toMatch(FORBIDDEN_CHARACTERS);
    expect(redirectUriProblem(" https://app.example.test/cb")).toMatch(FORBIDDEN_CHARACTERS);
    // Everything else a URL may hold stays allowed.
    expect(redirectUriProblem("https://app.example.test/a-b_c.d~e!$&'()*+,;=:@/%20?q=1")).toBeNull();
  });

  it("refuses what is not an absolute URI", () => {
    for (const uri of ["/callback", "app.example.test/callback", "", "https://"]) {
      expect(redirectUriProblem(uri), uri).toBe("Enter an absolute URI, such as https://app.example.com/callback");
    }
  });

  it("refuses a fragment, even an empty one (a bare #)", () => {
    for (const uri of [
      "https://app.example.test/cb#frag",
      "https://app.example.test/cb#",
      "http://127.0.0.1:8123/cb#",
      "com.example.app:/cb#",
    ]) {
      expect(redirectUriProblem(uri), uri).toBe("A redirect URI cannot have a fragment (#…)");
    }
  });

  it("refuses a user name, a password, or both", () => {
    for (const uri of [
      "https://user@app.example.test/cb",
      "https://:secret@app.example.test/cb",
      "https://user:secret@app.example.test/cb",
      "http://user@localhost/cb",
    ]) {
      expect(redirectUriProblem(uri), uri).toBe("A redirect URI cannot carry a user name or password");
    }
  });
});
