import { describe, expect, it } from "vitest";
import { secretCurlLine } from "./secret-curl";
import { SUPPORTED_API_VERSIONS } from "./versions";

const origin = "https://keyward.example.com";

describe("the curl line beside a secret shown once", () => {
  it("sends each kind in a header its routes accept, to a route this install serves, never in the URL", () => {
    const lines = {
      pat: secretCurlLine({ kind: "pat", secret: "kw_pat_P", origin }),
      key: secretCurlLine({ kind: "key", secret: "kw_key_K", origin }),
      at: secretCurlLine({ kind: "at", secret: "kw_at_A", origin }),
      ak: secretCurlLine({ kind: "ak", secret: "kw_ak_U", origin }),
    };
    expect(lines.pat).toBe(
      `curl -H 'Authorization: Bearer kw_pat_P' '${origin}/api/${SUPPORTED_API_VERSIONS[0]}/advertisers.json'`,
    );
    expect(lines.key).toBe(`curl -H 'Authorization: key kw_key_K' '${origin}/api/v2/me'`);
    expect(lines.at).toBe(
      `curl -H 'user_key: <account API Key>' -H 'Authorization: Bearer kw_at_A' '${origin}/api/v2/me'`,
    );
    expect(lines.ak).toBe(`curl -H 'user_key: kw_ak_U' -H 'Authorization: Bearer <auth token>' '${origin}/api/v2/me'`);
    for (const line of Object.values(lines)) expect(line.split("'").at(-2)).not.toMatch(/kw_/);
  });

  it("a client secret asks for a token with client_credentials when the app may, else shows the code exchange", () => {
    expect(secretCurlLine({ kind: "cs", secret: "kw_cs_S", origin, clientId: "kwc_1", clientCredentials: true })).toBe(
      `curl -u 'kwc_1:kw_cs_S' -d grant_type=client_credentials '${origin}/oauth2/token'`,
    );
    expect(secretCurlLine({ kind: "cs", secret: "kw_cs_S", origin, clientId: "kwc_1" })).toContain(
      "-d grant_type=authorization_code",
    );
  });
});
