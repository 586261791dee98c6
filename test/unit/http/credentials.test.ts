import { describe, expect, it } from "vitest";
import { identify, isProblem, type Caller, type CredentialMode } from "../../../src/http/auth.js";
import type { Problem } from "../../../src/http/team-server.js";

const PER_USER: CredentialMode = { kind: "per-user", defaultOrgId: "org-default" };
const TOKENS = ["a".repeat(32), "b".repeat(32), "c".repeat(32)];
const SHARED: CredentialMode = {
  kind: "shared",
  apiKey: "shared-key-123",
  orgId: "org-shared",
  accessTokens: TOKENS,
  open: false,
};

function caller(value: Caller | Problem): Caller {
  if (isProblem(value)) throw new Error(`refused: ${value.message}`);
  return value;
}

function problem(value: Caller | Problem): Problem {
  if (!isProblem(value)) throw new Error(`accepted as ${value.label}`);
  return value;
}

describe("identify, per user", () => {
  it("takes the key from Authorization: Bearer or X-API-Key, and the org from X-MDB-Org or the default", () => {
    const bearer = caller(identify({ authorization: "Bearer key-one" }, PER_USER));
    expect(bearer).toMatchObject({ apiKey: "key-one", orgId: "org-default" });
    const header = caller(identify({ "x-api-key": "key-one", "x-mdb-org": "org-7" }, PER_USER));
    expect(header).toMatchObject({ apiKey: "key-one", orgId: "org-7" });
    const both = caller(
      identify({ authorization: "bearer key-one", "x-api-key": "key-one" }, PER_USER),
    );
    expect(both.apiKey).toBe("key-one");
  });

  it("labels a caller by a hash that names neither key nor org, distinct per key and per org", () => {
    const one = caller(identify({ "x-api-key": "key-one" }, PER_USER));
    const two = caller(identify({ "x-api-key": "key-two" }, PER_USER));
    const otherOrg = caller(identify({ "x-api-key": "key-one", "x-mdb-org": "org-9" }, PER_USER));
    expect(one.label).toMatch(/^key:[0-9a-f]{10}$/);
    expect(new Set([one.label, two.label, otherOrg.label]).size).toBe(3);
    expect(one.label).not.toContain("key-one");
  });

  it("refuses a missing, empty or malformed key with 401 and a WWW-Authenticate challenge", () => {
    for (const headers of [{}, { "x-api-key": "" }]) {
      const refusal = problem(identify(headers, PER_USER));
      expect(refusal.status).toBe(401);
      expect(refusal.message).toContain("Authorization: Bearer <key> or X-API-Key: <key>");
      expect(refusal.headers?.["www-authenticate"]).toMatch(/^Bearer realm=/);
    }
    // An Authorization header that is there but not `Bearer <key>` says so, quoting nothing.
    for (const authorization of ["Basic a2V5", "Bearer alice key", "Bearer"]) {
      const refusal = problem(identify({ authorization }, PER_USER));
      expect(refusal.status).toBe(401);
      expect(refusal.message).toContain("must be `Bearer <key>`");
      expect(refusal.message).not.toContain("alice");
    }
    for (const key of ["k".repeat(1025), "tab\tkey", "nul\u0000key", "del\u007fkey"]) {
      const refusal = problem(identify({ "x-api-key": key }, PER_USER));
      expect(refusal.status).toBe(401);
      expect(refusal.message).toContain("malformed");
      expect(refusal.message).not.toContain(key);
    }
  });

  it("refuses two different keys and a bad org with 400, quoting neither", () => {
    const two = problem(
      identify({ authorization: "Bearer key-one", "x-api-key": "key-two" }, PER_USER),
    );
    expect(two.status).toBe(400);
    expect(two.message).toContain("different keys");
    expect(two.message).not.toMatch(/key-one|key-two/);
    for (const org of ["org/1", "org 1", "o".repeat(129), ""]) {
      const bad = problem(identify({ "x-api-key": "key-one", "x-mdb-org": org }, PER_USER));
      expect(bad.status).toBe(400);
      expect(bad.message).toContain("X-MDB-Org must be");
    }
  });
});

describe("identify, shared key", () => {
  it("matches each access token to its own number and uses the server's key and org", () => {
    TOKENS.forEach((token, index) => {
      const found = caller(identify({ authorization: `Bearer ${token}` }, SHARED));
      expect(found).toEqual({
        apiKey: "shared-key-123",
        orgId: "org-shared",
        label: `token:${index + 1}`,
      });
    });
  });

  it("refuses no token, a wrong one, a near miss, a prefix and an extension with 401, quoting none", () => {
    const token = TOKENS[1] ?? "";
    const attempts = [
      undefined,
      "wrong",
      `${token.slice(0, -1)}x`,
      token.slice(0, -1),
      `${token}b`,
      token.toUpperCase(),
    ];
    for (const attempt of attempts) {
      const headers = attempt === undefined ? {} : { authorization: `Bearer ${attempt}` };
      const refusal = problem(identify(headers, SHARED));
      expect(refusal.status).toBe(401);
      expect(refusal.headers?.["www-authenticate"]).toMatch(/^Bearer/);
      for (const secret of [...TOKENS, "shared-key-123"])
        expect(refusal.message).not.toContain(secret);
    }
  });

  it("tells a caller who sends their own key or org that the shared key is in use (400)", () => {
    for (const headers of [
      { "x-api-key": "mine", authorization: `Bearer ${TOKENS[0] ?? ""}` },
      { "x-mdb-org": "org-1" },
    ]) {
      const refusal = problem(identify(headers, SHARED));
      expect(refusal.status).toBe(400);
      expect(refusal.message).toContain("remove X-API-Key and X-MDB-Org");
    }
  });

  it("serves anyone without a token when none is configured (loopback only; start-up enforces it)", () => {
    const open: CredentialMode = { ...SHARED, accessTokens: [], open: true };
    expect(caller(identify({}, open)).label).toBe("shared");
    // A caller who sends a key of their own must not be served with the shared one unawares.
    const sentOwn = problem(identify({ authorization: "Bearer my-own-key" }, open));
    expect(sentOwn.status).toBe(400);
    expect(sentOwn.message).toContain("remove the Authorization header");
    // No tokens but guarded (OAuth): a request without a bearer is refused, not served.
    const guarded: CredentialMode = { ...SHARED, accessTokens: [], open: false };
    expect(problem(identify({}, guarded)).status).toBe(401);
  });
});
