import { describe, expect } from "vitest";
import { testWithEmulator } from "../helpers/fixtures.js";
import { initialize, spawnServer } from "../helpers/spawn.js";

const KEY = "sk-live-0123456789abcdefSECRET";
const GCP =
  '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n"}';

const it = testWithEmulator({ apiKey: KEY });

describe("the built server keeps secrets out of its output", () => {
  it("the spawned server's stderr and stdout never carry the key, across success and failure", async ({
    emulator,
  }) => {
    const server = spawnServer([], { SKYSQL_API_KEY: KEY, SKYSQL_API_URL: emulator.url });
    await initialize(server);
    await server.request("tools/call", { name: "list_backups", arguments: {} });
    await server.request("tools/call", { name: "get_backup_schedule", arguments: { id: 999999 } });
    await server.request("tools/call", {
      name: "create_backup_schedule",
      arguments: {
        service_id: "dbzzz00000000",
        backup_type: "full",
        schedule: "once",
        external_storage: { bucket_path: "gs://bkt", credentials: GCP },
      },
    });
    server.child.stdin.end();
    await server.exited;
    const everything = server.stdoutLines.join("\n") + server.stderr();
    expect(server.stdoutLines.length).toBeGreaterThanOrEqual(4);
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
  });
});
