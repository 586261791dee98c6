import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../src/emulator/index.js";
import { connectClient, TEST_KEY } from "../../helpers/harness.js";

describe("load", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ apiKey: TEST_KEY });
  });
  afterAll(() => emulator.close());

  it("serves 500 concurrent calls on one connection, all correct", async () => {
    const { client, close } = await connectClient(emulator.url, TEST_KEY);
    try {
      const total = emulator.state.backups.length;
      const results = await Promise.all(
        Array.from({ length: 500 }, (_, i) =>
          client.callTool({
            name: "list_backups",
            arguments: { page: (i % 50) + 1, page_size: 5 },
          }),
        ),
      );
      expect(results.filter((r) => r.isError)).toHaveLength(0);
      for (const result of results)
        expect((result.structuredContent as { backups_count: number }).backups_count).toBe(total);
    } finally {
      await close();
    }
  });
});
