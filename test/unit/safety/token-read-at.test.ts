/**
 * The moment a token's preview read relative arguments at is carried in the
 * token and signed with it: read back only from a genuine token, and a token
 * whose moment was edited is refused like any forged one.
 */
import { describe, expect, it } from "vitest";
import { ConfirmationTokens, type TokenSubject } from "../../../src/safety/confirm.js";

const KEY = Buffer.alloc(32, 3);
const READ_AT = Date.parse("2026-12-05T07:12:00.250Z");
const subject = (extra: Partial<TokenSubject> = {}): TokenSubject => ({
  tool: "create_restore",
  target: "dbabc12345678",
  args: { target_time: "2026-12-05 04:12:00" },
  state: { restores: [] },
  ...extra,
});

describe("a token's read-at moment", () => {
  it("is read back from a genuine token, and by another process holding the same key", () => {
    const { token } = new ConfirmationTokens(KEY).issue(subject({ readAt: READ_AT }));
    expect(new ConfirmationTokens(KEY).readAtOf(token)).toBe(READ_AT);
    expect(new ConfirmationTokens(KEY).redeem(subject(), token)).toEqual({ ok: true });
  });

  it("is absent from a token issued without one", () => {
    const { token } = new ConfirmationTokens(KEY).issue(subject());
    expect(token.split(".")).toHaveLength(5);
    expect(new ConfirmationTokens(KEY).readAtOf(token)).toBeUndefined();
  });

  it("is not read from a token other credentials signed", () => {
    const { token } = new ConfirmationTokens(Buffer.alloc(32, 4)).issue(
      subject({ readAt: READ_AT }),
    );
    expect(new ConfirmationTokens(KEY).readAtOf(token)).toBeUndefined();
  });

  it("edited, it voids the token: not read, and refused as forged", () => {
    const { token } = new ConfirmationTokens(KEY).issue(subject({ readAt: READ_AT }));
    const parts = token.split(".");
    parts[4] = (READ_AT - 3_600_000).toString(36);
    const edited = parts.join(".");
    const tokens = new ConfirmationTokens(KEY);
    expect(tokens.readAtOf(edited)).toBeUndefined();
    expect(tokens.redeem(subject(), edited)).toMatchObject({ ok: false, cause: "foreign" });
  });
});
