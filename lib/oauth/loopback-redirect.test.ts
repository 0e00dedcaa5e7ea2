// RFC 8252 7.3: a native app's loopback redirect URI matches on any port, and on nothing else.
import { describe, expect, it } from "vitest";
import { redirectUriMatches } from "./redirect-uri";

describe("redirect URI matching", () => {
  it("matches a loopback IP literal on any port, registered with a port or without", () => {
    expect(redirectUriMatches("http://127.0.0.1/callback", "http://127.0.0.1:51004/callback")).toBe(true);
    expect(redirectUriMatches("http://127.0.0.1:8123/callback", "http://127.0.0.1:51004/callback")).toBe(true);
    expect(redirectUriMatches("http://127.0.0.1:8123/callback", "http://127.0.0.1/callback")).toBe(true);
    expect(redirectUriMatches("http://[::1]/cb?app=1", "http://[::1]:65535/cb?app=1")).toBe(true);
    expect(redirectUriMatches("http://[::1]:80", "http://[::1]:9000")).toBe(true);
  });

  it("still compares scheme, host, path and query exactly", () => {
    const registered = "http://127.0.0.1:8123/callback?app=1";
    for (const presented of [
      "http://127.0.0.1:9000/other?app=1",
      "http://127.0.0.1:9000/callback?app=2",
      "http://127.0.0.1:9000/callback",
      "http://127.0.0.1:9000/callback?app=1&x=1",
      "http://127.0.0.1:9000/Callback?app=1",
      "http://127.0.0.1:9000/callback/../callback?app=1",
      "http://127.0.0.1:9000/callback?app=1#frag",
      "https://127.0.0.1:9000/callback?app=1",
      "HTTP://127.0.0.1:9000/callback?app=1",
      "http://[::1]:9000/callback?app=1",
      "http://127.0.0.2:9000/callback?app=1",
      "http://localhost:9000/callback?app=1",
      "http://127.0.0.1:9000@evil.example/callback?app=1",
      "http://127.0.0.1.evil.example:9000/callback?app=1",
      "http://127.0.0.1:0/callback?app=1",
      "http://127.0.0.1:65536/callback?app=1",
      "http://127.0.0.1:/callback?app=1",
      "http://127.0.0.1:09000/callback?app=1",
    ]) {
      expect(redirectUriMatches(registered, presented), presented).toBe(false);
    }
  });

  it("gives no port leeway to a loopback address that is not the whole URI's start (one named inside another URI)", () => {
    const registered = "https://app.example.test/cb?next=http://127.0.0.1/done";
    expect(redirectUriMatches(registered, "https://evil.example/?next=http://127.0.0.1:9000/done")).toBe(false);
    expect(redirectUriMatches(registered, "https://app.example.test/cb?next=http://127.0.0.1:9000/done")).toBe(false);
    expect(redirectUriMatches("com.example.app:/http://[::1]/cb", "com.example.app:/http://[::1]:9000/cb")).toBe(false);
  });

  it("keeps localhost and every other host exact: a name may resolve elsewhere (RFC 8252 8.3)", () => {
    expect(redirectUriMatches("http://localhost:8123/callback", "http://localhost:8123/callback")).toBe(true);
    expect(redirectUriMatches("http://localhost:8123/callback", "http://localhost:9000/callback")).toBe(false);
    expect(redirectUriMatches("http://localhost/callback", "http://localhost:9000/callback")).toBe(false);
    expect(redirectUriMatches("https://app.example.test/cb", "https://app.example.test:8443/cb")).toBe(false);
    expect(redirectUriMatches("https://app.example.test/cb", "https://app.example.test/cb")).toBe(true);
    expect(redirectUriMatches("com.example.app:/callback", "com.example.app:/callback")).toBe(true);
  });
});
