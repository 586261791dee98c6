/**
 * The API client's last line of defence: whatever id reaches it (the tools
 * check ids first, util/ids.ts), each one stays one path segment or one
 * query value. Raw request lines are recorded by a real HTTP server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackupsApi } from "../../../src/api/client.js";
import { json, startFakeApi } from "../../helpers/fake-api.js";

const HOSTILE = "../x?y=1&z=2#f %2F\n";

describe("BackupsApi encodes every id it is given", () => {
  const lines: string[] = [];
  let fake: Awaited<ReturnType<typeof startFakeApi>>;
  let api: BackupsApi;
  beforeAll(async () => {
    fake = await startFakeApi((req, res) => {
      lines.push(`${req.method} ${req.url}`);
      json(res, 200, req.method === "GET" ? { backups: [], restores: [] } : {});
    });
    api = new BackupsApi({
      baseUrl: fake.url,
      apiKey: "encoding-key-0123456789",
      timeoutMs: 2_000,
      userAgent: "encoding-test",
      maxRetries: 0,
    });
  });
  afterAll(async () => {
    await api.close();
    await fake.close();
  });

  it("keeps an id in a path one encoded segment", async () => {
    lines.length = 0;
    await api.listServiceBackups(HOSTILE);
    // Typed as whole numbers, but encoded all the same should a string ever get through.
    await api.getRestore(HOSTILE as unknown as number);
    await api.cancelRestore(HOSTILE as unknown as number);
    const segment = encodeURIComponent(HOSTILE);
    expect(segment).not.toMatch(/[/?#&\s]/);
    expect(lines).toEqual([
      `GET /skybackup/v1/backups/${segment}`,
      `GET /skybackup/v1/restores/${segment}`,
      `DELETE /skybackup/v1/restores/${segment}`,
    ]);
  });

  it("keeps an id in a query one encoded value", async () => {
    lines.length = 0;
    await api.listBackups({ service_id: HOSTILE });
    await api.listRestores({ service_id: HOSTILE });
    for (const line of lines) {
      const url = new URL(line.split(" ")[1] ?? "", "http://fake");
      expect([...url.searchParams.keys()], line).toEqual(["service_id"]);
      expect(url.searchParams.get("service_id")).toBe(HOSTILE);
      expect(url.hash).toBe("");
    }
    expect(lines).toHaveLength(2);
  });
});
