/**
 * The bin runs the server through a V8 code cache (src/index.ts). It must
 * only ever cost speed: written once by a run that did real work, private to
 * the user, ignored when damaged or unwritable, never touching the output.
 * And since a cache is code, one that anyone but the user could have written
 * is neither run nor replaced.
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
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

/**
 * What an attacker plants: V8 checks a code cache only against the length of
 * its source, so a cache made from another program of exactly the bundle's
 * length runs that program instead. Made by a plain `node`, whose V8 flags are
 * the bin's (a cache made under other flags would be rejected for that alone).
 */
function plantedCache(): Buffer {
  const out = join(mkdtempSync(join(tmpdir(), "sky-plant-")), "planted.v8");
  const make = `
    const fs = require("node:fs"), vm = require("node:vm");
    const [bundle, out] = process.argv.slice(1);
    const head = 'console.log("planted code ran"); process.exit(0); /*';
    const length = fs.readFileSync(bundle, "latin1").length;
    const program = head + " ".repeat(length - head.length - 2) + "*/";
    fs.writeFileSync(out, new vm.Script(program, { filename: bundle }).createCachedData());`;
  const made = spawnSync(process.execPath, ["-e", make, join(dirname(BIN), "server.cjs"), out], {
    encoding: "utf8",
  });
  expect(made.status, made.stderr).toBe(0);
  return readFileSync(out);
}

const PLANTED = "planted code ran";
const asRoot = process.getuid?.() === 0;
const NOBODY = 65_534;

describe("a code cache someone else could have written", () => {
  let planted: Buffer;
  /** The one file name the bin reads its cache from, the same in any cache folder. */
  let name: string;
  beforeAll(() => {
    planted = plantedCache();
    const home = mkdtempSync(join(tmpdir(), "skybackup-cache-"));
    run(home, LIST);
    name = cacheFiles(home)[0]?.split("/").pop() ?? "";
    expect(name).toMatch(/\.v8$/);
  });

  /** A cache root and folder of this user's, private, with the planted cache in place of the bin's. */
  function plant(): { home: string; folder: string; file: string } {
    const home = mkdtempSync(join(tmpdir(), "skybackup-cache-"));
    const folder = join(home, "skybackup-mcp");
    mkdirSync(folder, { mode: 0o700 });
    const file = join(folder, name);
    writeFileSync(file, planted, { mode: 0o600 });
    return { home, folder, file };
  }

  it("runs in a private folder: the planted cache is a working attack, V8 does not stop it", () => {
    const { home } = plant();
    const result = run(home, LIST);
    expect(result.stdout).toBe(`${PLANTED}\n`);
  });

  const CASES: readonly (readonly [string, (at: ReturnType<typeof plant>) => void, boolean])[] = [
    ["the cache root is group-writable", ({ home }) => chmodSync(home, 0o770), true],
    ["the cache root is world-writable", ({ home }) => chmodSync(home, 0o1777), true],
    ["its folder is group-writable", ({ folder }) => chmodSync(folder, 0o770), true],
    ["its folder is world-writable", ({ folder }) => chmodSync(folder, 0o707), true],
    ["the file is group-writable", ({ file }) => chmodSync(file, 0o620), true],
    ["the file is world-writable", ({ file }) => chmodSync(file, 0o606), true],
    ["the cache root is another user's", ({ home }) => chownSync(home, NOBODY, NOBODY), asRoot],
    ["its folder is another user's", ({ folder }) => chownSync(folder, NOBODY, NOBODY), asRoot],
    ["the file is another user's", ({ file }) => chownSync(file, NOBODY, NOBODY), asRoot],
    [
      "the file is a link, even to a private file of this user's",
      ({ file }) => {
        const target = join(mkdtempSync(join(tmpdir(), "sky-target-")), "cache.v8");
        writeFileSync(target, planted, { mode: 0o600 });
        rmSync(file);
        symlinkSync(target, file);
      },
      true,
    ],
  ];

  it.for(CASES)(
    "is neither run nor replaced when %s, and the server answers",
    ([, spoil, canSetUp], { skip }) => {
      // chown needs root: as anyone else that case cannot be set up, so it is skipped, not passed.
      if (!canSetUp) skip();
      const at = plant();
      spoil(at);
      const before = {
        entries: readdirSync(at.folder),
        link: lstatSync(at.file),
        file: statSync(at.file),
      };

      const result = run(at.home, LIST);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).not.toContain(PLANTED);
      expect(result.stdout).toContain("Services:");
      expect(result.stderr).toContain("running without a code cache");
      // Not rewritten either, and nothing else written beside it.
      expect(readdirSync(at.folder)).toEqual(before.entries);
      expect(lstatSync(at.file).mtimeMs).toBe(before.link.mtimeMs);
      expect(lstatSync(at.file).ino).toBe(before.link.ino);
      expect(statSync(at.file).mtimeMs).toBe(before.file.mtimeMs);
      expect(readFileSync(at.file).equals(planted)).toBe(true);
    },
  );
});
