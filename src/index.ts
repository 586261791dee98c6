#!/usr/bin/env node
/**
 * The bin. It runs the bundled server (dist/server.cjs, built from main.ts)
 * through a V8 code cache, because compiling about 2 MB of JavaScript is the
 * largest part of the time to a first answer, whatever the configuration.
 * Node 20 has only vm.Script's cachedData, so it is done here. Node 22's
 * module.enableCompileCache() is not used where it exists: it defaults to a
 * folder in the shared os.tmpdir(), checks only a CRC32 of the source (which
 * anyone can recompute), and would be a second path to keep safe.
 *
 * The cache is written once, at the exit of the first run that served or ran
 * a tool (so it holds the functions a tool call compiles, not just start-up),
 * into the user's own cache folder, and again whenever V8 rejects it (a new
 * Node or a new build). Any failure to read or write it only costs speed.
 *
 * The cache is code: V8 checks only that it was made from a source of the
 * same length, so whoever can write it runs code in the server. It is read
 * and written only where no one but this user can write: the cache root and
 * its skybackup-mcp folder owned by this user and not group- or
 * world-writable, and the file the same, read through the descriptor that
 * was checked, never through a link. A keyed digest would not add to this:
 * its key would need a place only this user can write, the very check made
 * here. Anywhere else the server runs without a cache, and says so.
 */
import { createHash } from "node:crypto";
import {
  closeSync,
  constants as fs,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats,
} from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script, constants } from "node:vm";

interface ServerModule {
  main(onWork: () => void): void;
}

const bundle = join(dirname(fileURLToPath(import.meta.url)), "server.cjs");
// The XDG rule: a relative XDG_CACHE_HOME is ignored.
const xdgCache = process.env.XDG_CACHE_HOME;
const cacheRoot = xdgCache && isAbsolute(xdgCache) ? xdgCache : join(homedir(), ".cache");
const cacheDir = join(cacheRoot, "skybackup-mcp");
const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");
// One file per install, and in it per build and Node: V8 keeps the file name a cache was
// made with (stack traces would name another install). A new file replaces the install's old.
const installPrefix = `${sha1(bundle).slice(0, 10)}-`;
const cacheFile = join(
  cacheDir,
  // The build is named by its size and time, not a hash of 2 MB read at every start; V8
  // checks the source itself and rejects a cache made for another (then it is rewritten).
  `${installPrefix}${buildStamp(bundle)}-${process.version}-${process.arch}.v8`,
);
// Undefined where there are no POSIX owners and modes to check (Windows): no cache there.
const uid = process.getuid?.();
const { script, cache } = compile();
const exports = {};
const module = { exports };
(script.runInThisContext() as (...args: unknown[]) => void).call(
  exports,
  exports,
  createRequire(bundle),
  module,
  bundle,
  dirname(bundle),
);
(module.exports as ServerModule).main(() => {
  if (!cache.usable) process.once("exit", () => sayUnused(cache.why));
  else if (!cache.read || script.cachedDataRejected === true) process.once("exit", writeCache);
});

/**
 * The bundle compiled, through the cache when there is one. The text and the
 * cache are read in here and not kept: V8 holds the wrapped copy of the text
 * it compiles from, and a second copy (2.5 MB) and the cache (2 MB) would
 * stay resident for the server's whole life.
 */
function compile(): { script: Script; cache: Omit<Cache, "data"> & { read: boolean } } {
  const { data, ...cache } = readCache();
  // The build writes the bundle already wrapped as a CommonJS function, and in ASCII (it
  // checks): read as latin1, the bytes are copied where utf8 would decode them, and compiled
  // as read, where wrapping them here made one more 2.5 MB copy.
  const script = new Script(readFileSync(bundle, "latin1"), {
    filename: bundle,
    cachedData: data,
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  return { script, cache: { ...cache, read: data !== undefined } };
}

interface Cache {
  /** False when the cache must be neither read nor written. */
  usable: boolean;
  data?: Buffer;
  /** Why it is not usable: a path others could write to, and how. */
  why?: string;
}

function readCache(): Cache {
  if (uid === undefined) return { usable: false };
  const folder = distrustedFolder();
  if (folder !== undefined) return { usable: false, why: folder };
  let fd: number;
  try {
    // No link followed, and no wait on a FIFO; the checks below are of what was opened.
    fd = openSync(cacheFile, fs.O_RDONLY | fs.O_NOFOLLOW | fs.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { usable: true };
    return {
      usable: false,
      why: `${cacheFile} ${code === "ELOOP" ? "is a link" : `cannot be opened (${code})`}`,
    };
  }
  try {
    const why = distrusted(fstatSync(fd), "a regular file");
    if (why !== undefined) return { usable: false, why: `${cacheFile} ${why}` };
    return { usable: true, data: readFileSync(fd) };
  } catch {
    return { usable: true };
  } finally {
    closeSync(fd);
  }
}

/** The first of the cache root and its folder that others could write to; a missing one is not (writeCache makes it, 0700). */
function distrustedFolder(): string | undefined {
  for (const dir of [cacheRoot, cacheDir]) {
    let stats: Stats;
    try {
      stats = statSync(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === "ENOENT" ? undefined : `${dir} cannot be read (${code})`;
    }
    const why = distrusted(stats, "a folder");
    if (why !== undefined) return `${dir} ${why}`;
  }
  return undefined;
}

function distrusted(stats: Stats, what: "a folder" | "a regular file"): string | undefined {
  if (what === "a folder" ? !stats.isDirectory() : !stats.isFile()) return `is not ${what}`;
  if (stats.uid !== uid) return `belongs to another user (uid ${stats.uid})`;
  if ((stats.mode & 0o022) !== 0) return "is writable by other users (group or world)";
  return undefined;
}

function writeCache(): void {
  try {
    // One level at a time, never recursive: Node's recursive mkdir can spin on
    // odd file systems (/proc), and a cache must never hold up an exit.
    for (const dir of [cacheRoot, cacheDir]) {
      if (!existsSync(dir)) mkdirSync(dir, { mode: 0o700 });
    }
    // Again, now that both exist: one may have been made by someone else meanwhile.
    if (distrustedFolder() !== undefined) return;
    // Written whole under a new name (never through a link), then renamed: a reader never
    // sees half a file.
    const partial = `${cacheFile}.${process.pid}`;
    writeFileSync(partial, script.createCachedData(), { mode: 0o600, flag: "wx" });
    renameSync(partial, cacheFile);
    for (const name of readdirSync(cacheDir)) {
      const path = join(cacheDir, name);
      if (name.startsWith(installPrefix) && path !== cacheFile) rmSync(path, { force: true });
    }
  } catch {
    // No cache: the next start compiles again, nothing else changes.
  }
}

/** Said by a run that did real work, so a slower start has a reason one can act on. */
function sayUnused(why: string | undefined): void {
  if (why !== undefined)
    process.stderr.write(
      `skybackup-mcp: running without a code cache (a slower start): ${why}; only a cache folder and file this user owns and no one else can write are used\n`,
    );
}

function buildStamp(path: string): string {
  const { size, mtimeMs } = statSync(path);
  return `${size.toString(36)}.${Math.floor(mtimeMs).toString(36)}`;
}
