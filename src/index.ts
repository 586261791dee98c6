#!/usr/bin/env node
/**
 * The bin. It runs the bundled server (dist/server.cjs, built from main.ts)
 * through a V8 code cache, because compiling about 2 MB of JavaScript is the
 * largest part of the time to a first answer, whatever the configuration.
 * Node 22's module.enableCompileCache() does the same; Node 20 has only
 * vm.Script's cachedData, so it is done here.
 *
 * The cache is written once, at the exit of the first run that served or ran
 * a tool (so it holds the functions a tool call compiles, not just start-up),
 * into the user's own cache folder, and again whenever V8 rejects it (a new
 * Node or a new build). Any failure to read or write it only costs speed.
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire, Module } from "node:module";
import { homedir } from "node:os";
import { dirname, isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script, constants } from "node:vm";

interface ServerModule {
  main(onWork: () => void): void;
}

const bundle = join(dirname(fileURLToPath(import.meta.url)), "server.cjs");
const source = readFileSync(bundle, "utf8");
// The XDG rule: a relative XDG_CACHE_HOME is ignored.
const xdgCache = process.env.XDG_CACHE_HOME;
const cacheRoot = xdgCache && isAbsolute(xdgCache) ? xdgCache : join(homedir(), ".cache");
const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");
// One file per install, and in it per build and Node: V8 keeps the file name a cache was
// made with (stack traces would name another install). A new file replaces the install's old.
const installPrefix = `${sha1(bundle).slice(0, 10)}-`;
const cacheFile = join(
  cacheRoot,
  "skybackup-mcp",
  // The build is named by its size and time, not a hash of 2 MB read at every start; V8
  // checks the source itself and rejects a cache made for another (then it is rewritten).
  `${installPrefix}${buildStamp(bundle)}-${process.version}-${process.arch}.v8`,
);
const cachedData = readCache();
const script = new Script(Module.wrap(source), {
  filename: bundle,
  cachedData,
  importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
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
  if (cachedData === undefined || script.cachedDataRejected === true)
    process.once("exit", writeCache);
});

function readCache(): Buffer | undefined {
  try {
    return readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

function writeCache(): void {
  try {
    // One level at a time, never recursive: Node's recursive mkdir can spin on
    // odd file systems (/proc), and a cache must never hold up an exit.
    for (const dir of [cacheRoot, dirname(cacheFile)]) {
      if (!existsSync(dir)) mkdirSync(dir, { mode: 0o700 });
    }
    // Written whole under another name, then renamed: a reader never sees half a file.
    const partial = `${cacheFile}.${process.pid}`;
    writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
    renameSync(partial, cacheFile);
    for (const name of readdirSync(dirname(cacheFile))) {
      const path = join(dirname(cacheFile), name);
      if (name.startsWith(installPrefix) && path !== cacheFile) rmSync(path, { force: true });
    }
  } catch {
    // No cache: the next start compiles again, nothing else changes.
  }
}

function buildStamp(path: string): string {
  const { size, mtimeMs } = statSync(path);
  return `${size.toString(36)}.${Math.floor(mtimeMs).toString(36)}`;
}
