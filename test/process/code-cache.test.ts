/**
 * The bin runs the server through a V8 code cache (src/index.ts). It must
 * only ever cost speed: written once by a run that did real work, private to
 * the user, ignored when damaged or unwritable, never touching the output.
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN } from "../helpers/spawn.js";

function run(cacheHome: string, args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, XDG_CACHE_HOME: cacheHome },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const cacheFiles = (home: string): string[] => {
  try {
    return readdirSync(join(home, "skybackup-mcp")).map((f) => join(home, "skybackup-mcp", f));
  } catch {
    return [];
  }
};

const LIST = ["--demo", "call", "list_services", "{}"];

describe("the bin's code cache", () => {
  it("is written by the first run that calls a tool, privately, and not by --version", () => {
    const home = mkdtempSync(join(tmpdir(), "skybackup-cache-"));
    expect(run(home, ["--version"]).status).toBe(0);
    expect(cacheFiles(home)).toEqual([]);

    const first = run(home, LIST);
    expect(first.status, first.stderr).toBe(0);
    const [file, ...others] = cacheFiles(home);
    expect(others).toEqual([]);
    expect(file).toMatch(/-v\d+\.\d+\.\d+-\w+\.v8$/);
    expect(statSync(file ?? "").mode & 0o777).toBe(0o600);
    expect(statSync(join(home, "skybackup-mcp")).mode & 0o777).toBe(0o700);

    // Accepted by the next run, which leaves it as it is and answers the same.
    const bytes = readFileSync(file ?? "");
    const second = run(home, LIST);
    expect(second.stdout).toBe(first.stdout);
    expect(readFileSync(file ?? "").equals(bytes)).toBe(true);
  });

  it("each install keeps its own cache, so a stack trace names the right file", () => {
    const home = mkdtempSync(join(tmpdir(), "skybackup-cache-"));
    const copy = mkdtempSync(join(tmpdir(), "skybackup-dist-"));
    cpSync(dirname(BIN), copy, { recursive: true });
    run(home, LIST);
    const other = spawnSync(process.execPath, [join(copy, "index.js"), ...LIST], {
      env: { PATH: process.env.PATH, XDG_CACHE_HOME: home },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(other.status, other.stderr).toBe(0);
    expect(cacheFiles(home)).toHaveLength(2);
  });

  it("a new file replaces the same install's older ones, and leaves other installs' alone", () => {
    const home = mkdtempSync(join(tmpdir(), "skybackup-cache-"));
    run(home, LIST);
    const [file] = cacheFiles(home);
    const name = file?.split("/").pop() ?? "";
    const prefix = name.slice(0, name.indexOf("-") + 1);
    const folder = join(home, "skybackup-mcp");
    writeFileSync(join(folder, `${prefix}0ldbuild000-v18.0.0-x64.v8`), "old build");
    writeFileSync(join(folder, "0therinstall-0ldbuild000-v20.0.0-x64.v8"), "other install");
    rmSync(file ?? "");
    run(home, LIST);
    expect(readdirSync(folder).sort()).toEqual(
      [name, "0therinstall-0ldbuild000-v20.0.0-x64.v8"].sort(),
    );
  });

  it("a damaged cache is ignored and replaced", () => {
    const home = mkdtempSync(join(tmpdir(), "skybackup-cache-"));
    const clean = run(home, LIST);
    const [file] = cacheFiles(home);
    writeFileSync(file ?? "", "not a V8 code cache");
    const damaged = run(home, LIST);
    expect(damaged.status, damaged.stderr).toBe(0);
    expect(damaged.stdout).toBe(clean.stdout);
    expect(readFileSync(file ?? "", "utf8")).not.toBe("not a V8 code cache");
  });

  // /proc once made a recursive mkdir spin forever at exit; a file is no folder at all.
  it.for(["/proc/no-cache-here", "file"])(
    "an unwritable cache folder (%s) costs nothing but speed",
    (where) => {
      const home = where === "file" ? join(mkdtempSync(join(tmpdir(), "sky-")), "f") : where;
      if (where === "file") writeFileSync(home, "");
      const result = run(home, LIST);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain("Services:");
    },
  );
});
