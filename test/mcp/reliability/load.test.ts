import { describe, expect } from "vitest";
import { testWithHarness } from "../../helpers/fixtures.js";

const it = testWithHarness();

describe("load", () => {
  it("serves 500 concurrent calls on one connection, all correct", async ({ h }) => {
    const total = h.emulator.state.backups.length;
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        h.client.callTool({
          name: "list_backups",
          arguments: { page: (i % 50) + 1, page_size: 5 },
        }),
      ),
    );
    expect(results.filter((r) => r.isError)).toHaveLength(0);
    for (const result of results)
      expect((result.structuredContent as { backups_count: number }).backups_count).toBe(total);
  });
});
