/**
 * The gate's alwaysConfirm: a request marked so is previewed even when
 * confirmation is turned off (--confirm never), and runs only on a valid
 * token or the user's yes; unmarked requests keep the mode's behaviour.
 */
import { describe, expect, it } from "vitest";
import {
  createConfirmGate,
  ConfirmationTokens,
  type ConfirmGate,
} from "../../../src/safety/confirm.js";

type Request = Parameters<ConfirmGate>[0];

const request = (extra: Partial<Request> = {}): Request => ({
  tool: "create_restore",
  target: "dbabc12345678",
  args: { target_service_id: "dbabc12345678" },
  state: { restores: [] },
  stateLabel: "the restores of dbabc12345678",
  token: undefined,
  summary: "Restore X into dbabc12345678.",
  details: [],
  preview: { created: false },
  ...extra,
});

const cannotAsk = () => undefined;

describe("createConfirmGate with alwaysConfirm", () => {
  it("under --confirm never an unmarked request runs at once, a marked one is previewed", async () => {
    const gate = createConfirmGate("never", new ConfirmationTokens(), cannotAsk);
    expect(await gate(request())).toEqual({ proceed: true });
    const marked = await gate(request({ alwaysConfirm: true }));
    expect(marked.proceed).toBe(false);
    if (marked.proceed) return;
    expect(marked.output.structured).toMatchObject({ confirmation_required: true, created: false });
    expect(marked.output.text).toMatch(/^CONFIRMATION NEEDED/);
  });

  it("under --confirm never the preview's token runs it once, and only for the same state", async () => {
    const gate = createConfirmGate("never", new ConfirmationTokens(), cannotAsk);
    const preview = await gate(request({ alwaysConfirm: true }));
    if (preview.proceed) throw new Error("expected a preview");
    const token = String(preview.output.structured.confirmation_token);
    const moved = await gate(request({ alwaysConfirm: true, token, state: { restores: ["7"] } }));
    expect(moved.proceed).toBe(false);
    if (!moved.proceed) expect(moved.output.structured.token_refused).toBe("state_changed");
    const fresh = await gate(request({ alwaysConfirm: true }));
    if (fresh.proceed) throw new Error("expected a preview");
    const good = String(fresh.output.structured.confirmation_token);
    expect(await gate(request({ alwaysConfirm: true, token: good }))).toEqual({ proceed: true });
    await expect(gate(request({ alwaysConfirm: true, token: good }))).rejects.toThrow(
      /already used|changed since/,
    );
  });

  it("under --confirm never the user's yes runs it, a no refuses", async () => {
    const yes = createConfirmGate("never", new ConfirmationTokens(), () => Promise.resolve(true));
    expect(await yes(request({ alwaysConfirm: true }))).toEqual({ proceed: true });
    const no = createConfirmGate("never", new ConfirmationTokens(), () => Promise.resolve(false));
    await expect(no(request({ alwaysConfirm: true }))).rejects.toThrow("The user did not confirm");
  });
});
