/**
 * The file reader itself, for what an MCP test cannot make: a FIFO (which
 * would hold a blocking reader open until a writer comes), and a file that
 * grows past the cap between stat and read.
 */
import { execFileSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, realpath, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  folderAccess,
  MAX_CREDENTIALS_BYTES,
  readBounded,
  readCredentialsFile,
} from "../../src/safety/credential-files.js";

async function folderWithFifo() {
  const dir = await realpath(await mkdtemp(join(tmpdir(), "skybackup-fifo-")));
  await mkdir(join(dir, "keys"));
  execFileSync("mkfifo", [join(dir, "keys", "fifo.ini")]);
  await writeFile(join(dir, "keys", "ok.ini"), "[default]\n");
  return join(dir, "keys");
}

describe("credential files", () => {
  it("a FIFO is refused at once, locally and in the operator's folder, in the folder's one refusal", async () => {
    const keys = await folderWithFifo();
    await expect(readCredentialsFile(join(keys, "fifo.ini"), { kind: "local" })).rejects.toThrow(
      "is not a regular file",
    );
    const inFolder = readCredentialsFile("fifo.ini", { kind: "folder", dir: keys });
    const missing = readCredentialsFile("missing.ini", { kind: "folder", dir: keys });
    const [a, b] = await Promise.allSettled([inFolder, missing]);
    expect(a.status).toBe("rejected");
    expect(b.status).toBe("rejected");
    const words = (r: PromiseSettledResult<string>, path: string) =>
      String((r as PromiseRejectedResult).reason).replace(`"${path}"`, "PATH");
    expect(words(a, "fifo.ini")).toBe(words(b, "missing.ini"));
    await expect(readCredentialsFile("ok.ini", { kind: "folder", dir: keys })).resolves.toBe(
      "[default]\n",
    );
  });

  it("reads at most a chunk past the cap of a file that says it is empty", async () => {
    // /proc/self/pagemap reports size 0 and holds gigabytes.
    await expect(readBounded("/proc/self/pagemap", MAX_CREDENTIALS_BYTES)).rejects.toThrow(
      `is larger than ${MAX_CREDENTIALS_BYTES} bytes`,
    );
    // A file of exactly the cap is fine; one byte more is not.
    const dir = await mkdtemp(join(tmpdir(), "skybackup-cap-"));
    await writeFile(join(dir, "cap"), "x".repeat(MAX_CREDENTIALS_BYTES));
    await writeFile(join(dir, "over"), "x".repeat(MAX_CREDENTIALS_BYTES + 1));
    expect((await readBounded(join(dir, "cap"), MAX_CREDENTIALS_BYTES)).length).toBe(
      MAX_CREDENTIALS_BYTES,
    );
    await expect(readBounded(join(dir, "over"), MAX_CREDENTIALS_BYTES)).rejects.toThrow(
      "is larger than",
    );
  });

  it("team mode without a folder reads nothing, whatever the path", async () => {
    await expect(readCredentialsFile("/etc/hostname", { kind: "none" })).rejects.toThrow(
      "does not read its own files for remote callers",
    );
  });

  it("the operator's folder must be writable by no one else, at start-up", async () => {
    const keys = await folderWithFifo();
    await chmod(keys, 0o700);
    await expect(folderAccess(keys)).resolves.toEqual({ kind: "folder", dir: keys });
    // Group-writable: another user could drop a link or a file there.
    await chmod(keys, 0o2775);
    await expect(folderAccess(keys)).rejects.toThrow("can be written by someone other than");
    await expect(folderAccess(join(keys, "missing"))).rejects.toThrow("is not a folder");
  });
});
