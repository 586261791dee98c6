/** Sizes as an assistant reads them over MCP, from a hand-written upstream: decimal, labelled, never overstated. */
import { describe, expect, it } from "vitest";
import { textOf } from "../../helpers/harness.js";
import { fakeAccount } from "../../helpers/fake-api.js";
import { callAgainstFake } from "../../helpers/fake-client.js";

const row = (id: string, sizes: Record<string, unknown>) => ({
  id,
  service_id: "dbaaa00000001",
  type: "full",
  status: "Succeeded",
  start_time: "2026-11-29T18:01:37Z",
  ...sizes,
});

const BACKUPS = [
  row("just-under", { backup_size: 999_999_999 }),
  row("one-gb", { backup_size: 1_000_000_000, storage_bytes: 10 }),
  row("one-tb", { backup_size: 1e12 }),
  row("zero", { backup_size: 0 }),
  row("fallback", { storage_bytes: 1_500_000_000 }),
  row("negative", { backup_size: -1 }),
  row("garbage", { backup_size: "lots" }),
  row("missing", {}),
];

describe("sizes in list texts", () => {
  it("are decimal, say their field once, and name storage_bytes where it stands in", async () => {
    const result = await callAgainstFake(fakeAccount({ backups: BACKUPS }), "list_backups");
    const lines = textOf(result).split("\n");
    expect(lines[0]).toContain("times: start; sizes: backup_size, GB = 10^9 B");
    const sizeOf = (id: string): string | undefined =>
      lines
        .find((l) => l.endsWith(`id=${id}`))
        ?.replace(/^2026-11-29 18:01 UTC full Succeeded /, "")
        .replace(/ dbaaa00000001 id=.*$/, "");
    expect(Object.fromEntries(BACKUPS.map((b) => [b.id, sizeOf(b.id)]))).toEqual({
      "just-under": "999 MB",
      "one-gb": "1 GB",
      "one-tb": "1 TB",
      zero: "0 B",
      fallback: "1.5 GB (storage_bytes)",
      negative: "size ?",
      garbage: "size ?",
      missing: "size ?",
    });
  });
});
