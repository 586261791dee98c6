/**
 * Issue 16's file findings, through MCP: a remote caller cannot have the
 * server read its own files (not listed, refused in words that say what to
 * do, nothing sent), an operator's folder is the only exception and every
 * refusal there reads the same, and no read is unbounded (a /proc file says
 * its size is 0, then streams hundreds of megabytes).
 */
import { chmod, chown, link, mkdir, mkdtemp, realpath, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect } from "vitest";
import { SCENARIOS } from "../../helpers/emulator.js";
import type { CredentialFileAccess } from "../../../src/safety/credential-files.js";
import { registerTestSecret, structured, textOf, type Harness } from "../../helpers/harness.js";
import { freshHarnessTest as it } from "../../helpers/fixtures.js";

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYHOSTKEYEXAMPLE";
registerTestSecret(SECRET);
const AWS_INI = `[default]\naws_access_key_id = AKIAHOSTEXAMPLE1\naws_secret_access_key = ${SECRET}\n`;

const writes = (h: Harness) => h.emulator.requests.filter((r) => r.method !== "GET").length;

/** A folder holding what an attacker would point at: a real key file, plus every odd kind of path. */
async function hostFiles() {
  const dir = await realpath(await mkdtemp(join(tmpdir(), "skybackup-host-")));
  const keys = join(dir, "keys");
  await mkdir(keys);
  await writeFile(join(dir, "aws-credentials"), AWS_INI); // the host's ~/.aws/credentials
  await writeFile(join(keys, "team.ini"), AWS_INI);
  await writeFile(join(keys, "big.ini"), "x".repeat(70_000));
  await writeFile(join(keys, "foreign.ini"), AWS_INI);
  await chown(join(keys, "foreign.ini"), 65534, 65534);
  await symlink(join(dir, "aws-credentials"), join(keys, "link.ini"));
  // A second name, inside the folder, of the host's file outside it.
  await link(join(dir, "aws-credentials"), join(keys, "hard.ini"));
  // A folder inside the folder: a middle component could be swapped for a link to ~/.aws.
  await mkdir(join(keys, "sub"));
  await writeFile(join(keys, "sub", "team.ini"), AWS_INI);
  await mkdir(join(keys, "folder.ini"));
  return { dir, keys };
}

function scheduleWith(storage: Record<string, unknown>) {
  return {
    service_id: SCENARIOS.healthy,
    backup_type: "dump",
    schedule: "45 1 * * *",
    external_storage: { bucket_path: "s3://attacker-bucket/x", ...storage },
  };
}

function restoreWith(external: Record<string, unknown>) {
  return {
    target_service_id: SCENARIOS.healthy,
    external: { bucket: "s3://attacker-bucket", method: "mariabackup", file: "f1", ...external },
  };
}

/** What create_backup_schedule returns for scheduleWith's call once the key file was read. */
const CREATED = {
  service_id: SCENARIOS.healthy,
  type: "dump",
  schedule: "45 1 * * *",
  is_external_storage: true,
};

const NONE: CredentialFileAccess = { kind: "none" };

describe("team mode: no server file is read for a remote caller", () => {
  it("lists neither tool with credentials_file", async ({ freshHarness }) => {
    const h = await freshHarness({ credentialFiles: NONE });
    const { tools } = await h.client.listTools();
    const schedule = tools.find((t) => t.name === "create_backup_schedule")!;
    const restore = tools.find((t) => t.name === "create_restore")!;
    expect(JSON.stringify(schedule.inputSchema)).toContain("bucket_path");
    expect(JSON.stringify(restore.inputSchema)).toContain('"bucket"');
    for (const tool of [schedule, restore])
      expect(JSON.stringify(tool.inputSchema)).not.toContain("credentials_file");
    // Over stdio the user is local: the field stays.
    const local = await freshHarness();
    const localTools = (await local.client.listTools()).tools;
    expect(
      JSON.stringify(localTools.find((t) => t.name === "create_backup_schedule")!.inputSchema),
    ).toContain("credentials_file");
  });

  it("refuses credentials_file pointing at the host's cloud keys, says to pass them inline, and sends nothing", async ({
    freshHarness,
  }) => {
    const { dir } = await hostFiles();
    const h = await freshHarness({ credentialFiles: NONE });
    const before = writes(h);
    const target = join(dir, "aws-credentials");
    for (const [tool, args] of [
      ["create_backup_schedule", scheduleWith({ credentials_file: target })],
      ["create_restore", restoreWith({ credentials_file: target })],
    ] as const) {
      const result = await h.call(tool, args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("does not read its own files for remote callers");
      expect(textOf(result)).toContain("as credentials");
      expect(JSON.stringify(result)).not.toContain(SECRET);
    }
    expect(writes(h)).toBe(before);
    // A file that exists, one that does not and a folder read the same: nothing is looked at.
    const answers = new Set<string>();
    for (const path of [target, join(dir, "missing"), dir, "/proc/self/pagemap"]) {
      const result = await h.call(
        "create_backup_schedule",
        scheduleWith({ credentials_file: path }),
      );
      answers.add(textOf(result).replaceAll(path, "PATH"));
    }
    expect(answers.size).toBe(1);
    expect(writes(h)).toBe(before);
  });

  it("in the operator's folder: reads a proper key file, and refuses everything else in one and the same words", async ({
    freshHarness,
  }) => {
    const { dir, keys } = await hostFiles();
    const h = await freshHarness({ credentialFiles: { kind: "folder", dir: keys } });
    const { tools } = await h.client.listTools();
    expect(
      JSON.stringify(tools.find((t) => t.name === "create_backup_schedule")!.inputSchema),
    ).toContain("credentials_file");

    const ok = await h.call(
      "create_backup_schedule",
      scheduleWith({ credentials_file: "team.ini" }),
    );
    expect(ok.isError, textOf(ok)).toBeFalsy();
    expect(structured(ok)).toMatchObject(CREATED);
    const sent = h.emulator.requests.filter((r) => r.method === "POST").at(-1);
    expect(sent?.path).toContain("/schedules");

    const before = writes(h);
    const refusals = new Map<string, string>();
    for (const path of [
      join(dir, "aws-credentials"), // outside the folder, absolute
      "../aws-credentials", // outside the folder, relative
      "link.ini", // a link to the host's keys
      "hard.ini", // a hard link to the host's keys
      "sub/team.ini", // a middle component another user could swap for a link
      "foreign.ini", // another user's file
      "folder.ini",
      "big.ini",
      "missing.ini",
      "/proc/self/pagemap",
    ]) {
      const result = await h.call(
        "create_backup_schedule",
        scheduleWith({ credentials_file: path }),
      );
      expect(result.isError, path).toBe(true);
      refusals.set(path, textOf(result).replace(JSON.stringify(path), "PATH"));
    }
    expect(new Set(refusals.values()).size, [...refusals.values()].join("\n")).toBe(1);
    expect([...refusals.values()][0]).toContain("pass the key file's content as credentials");
    expect(writes(h)).toBe(before);
  });
});

describe("stdio: the local user's files, read with a hard limit", () => {
  it("refuses /proc/self/pagemap (size 0, endless content) after reading at most the cap, and stays up", async ({
    freshHarness,
  }) => {
    const h = await freshHarness();
    const before = writes(h);
    const heapBefore = process.memoryUsage().heapUsed;
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        h.call("create_backup_schedule", scheduleWith({ credentials_file: "/proc/self/pagemap" })),
      ),
    );
    for (const result of results) {
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("is larger than 65536 bytes");
    }
    // Ten unbounded reads would hold gigabytes; ten bounded ones hold 640 KB.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
    expect(writes(h)).toBe(before);
    const still = await h.call("list_backup_schedules", { service_id: SCENARIOS.healthy });
    expect(still.isError).toBeFalsy();
  });

  it("still reads a local key file through a link (a dotfile manager's ~/.aws)", async ({
    freshHarness,
  }) => {
    const { keys } = await hostFiles();
    await chmod(join(keys, "team.ini"), 0o600);
    const h = await freshHarness();
    const ok = await h.call(
      "create_backup_schedule",
      scheduleWith({ credentials_file: join(keys, "link.ini") }),
    );
    expect(ok.isError, textOf(ok)).toBeFalsy();
    expect(structured(ok)).toMatchObject(CREATED);
    expect(JSON.stringify(ok)).not.toContain(SECRET);
  });
});
