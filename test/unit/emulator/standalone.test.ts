import { afterEach, expect, it, vi } from "vitest";
import { runStandaloneEmulator } from "../../helpers/emulator.js";

afterEach(() => vi.restoreAllMocks());

it("prints one line with URL and key to stderr, nothing to stdout, and unhooks signals on close", async () => {
  const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  const out = vi.spyOn(process.stdout, "write");
  const sigterm = process.listenerCount("SIGTERM");
  const emulator = await runStandaloneEmulator({ port: 0, apiKey: "cli-key", services: 6 });
  try {
    expect(process.listenerCount("SIGTERM")).toBe(sigterm + 1);
    expect(err).toHaveBeenCalledTimes(1);
    const line = String(err.mock.calls[0]?.[0]);
    expect(line).toContain(emulator.url);
    expect(line).toContain("cli-key");
    expect(line.trim().split("\n")).toHaveLength(1);
    expect(out).not.toHaveBeenCalled();
    const res = await fetch(`${emulator.url}/skybackup/v1/backups?page_size=1`, {
      headers: { "x-api-key": "cli-key" },
    });
    expect(res.status).toBe(200);
  } finally {
    await emulator.close();
  }
  expect(process.listenerCount("SIGTERM")).toBe(sigterm);
});
