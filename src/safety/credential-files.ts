/**
 * Which files the server reads on a caller's behalf, and how. A storage key
 * may be given as a file path so the secret never passes through the
 * conversation; that is a convenience for a user on their own machine, and
 * a way into the host for anyone else. So:
 * - over stdio the caller is the local user: any file they name, read with a
 *   hard byte limit (a /proc file says its size is 0, then streams megabytes);
 * - in team mode no file is read, unless the operator names one folder: then
 *   only a regular file inside it, owned by the server's user and not a link,
 *   and every refusal reads the same, so a caller learns nothing about the
 *   host's files (exists, missing, a folder, too big) from the answer.
 */
import { constants } from "node:fs";
import { open, realpath, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join } from "node:path";
import { ToolError } from "../util/tool-error.js";
import { quoted } from "../util/untrusted-text.js";

export type CredentialFileAccess =
  /** stdio: the caller is the user whose machine this is. */
  | { readonly kind: "local" }
  /** Team mode: callers are strangers; credentials come inline only. */
  | { readonly kind: "none" }
  /** Team mode with SKYBACKUP_HTTP_CREDENTIALS_DIR: only files the operator put in this folder. */
  | { readonly kind: "folder"; readonly dir: string };

/** A key file is a few KB; anything near this is the wrong file. */
export const MAX_CREDENTIALS_BYTES = 64 * 1024;

/** The words of the refusal when credentials_file is not offered at all (team mode, no folder). */
export const NO_SERVER_FILES =
  "credentials_file is not offered by this server: it does not read its own files for remote callers. Pass the key file's content as credentials instead.";

class FileRefused extends Error {}

const READ_CHUNK = 16 * 1024;

/** Reads a credentials file the way the access allows, or throws a ToolError that says what to do. */
export async function readCredentialsFile(
  path: string,
  access: CredentialFileAccess,
): Promise<string> {
  if (access.kind === "none") throw new ToolError(`${NO_SERVER_FILES} Nothing was sent.`);
  if (access.kind === "folder") return readInFolder(path, access.dir);
  try {
    return await readBounded(path, MAX_CREDENTIALS_BYTES);
  } catch (error) {
    const why =
      error instanceof FileRefused
        ? error.message
        : `cannot be read (${(error as NodeJS.ErrnoException).code ?? "unreadable"}); give a path this server can read`;
    throw new ToolError(`credentials_file ${quoted(path)} ${why}. Nothing was sent.`);
  }
}

/**
 * One refusal for every reason: not a bare name of the folder, missing, a
 * link, a folder, a FIFO, someone else's file, a hard link, too large. Each
 * would otherwise tell a stranger something true about the host.
 *
 * Only a file directly in the folder is read, by a path no one else can
 * bend: the folder was fixed at start-up (folderAccess: the server user's
 * own, writable by no one else), the name has no "/" so there is no middle
 * component to swap for a link between a check and the open, and the open
 * refuses a link as the file itself. A hard link (a second name of a file
 * outside) is refused by its link count, on the open handle.
 */
async function readInFolder(path: string, dir: string): Promise<string> {
  try {
    const name = isAbsolute(path) && dirname(path) === dir ? basename(path) : path;
    if (!BARE_NAME.test(name) || name === "." || name === "..")
      throw new FileRefused("not a file directly in the folder");
    return await readBounded(join(dir, name), MAX_CREDENTIALS_BYTES, {
      noLinks: true,
      ownedBy: process.getuid?.(),
      singleName: true,
    });
  } catch {
    throw new ToolError(
      `credentials_file ${quoted(path)} is not a file this server may read for you: it reads only regular files (not links) that its operator put in its credentials folder, named without a path. Name one of those, or pass the key file's content as credentials. Nothing was sent.`,
    );
  }
}

/** One file name, no path: what a folder's own file is called. */
const BARE_NAME = /^[^/\0]{1,255}$/;

/**
 * The operator's folder, checked once at start-up: its real path, so a link
 * swapped in later cannot move it, and writable by no one but the server's
 * user (nor can anyone else rename it away): the folder and each folder
 * above it belong to the server's user or root, and none is group- or
 * world-writable unless sticky (as /tmp), where others cannot rename it.
 */
export async function folderAccess(dir: string): Promise<CredentialFileAccess> {
  let real: string;
  try {
    real = await realpath(dir);
    if (!(await stat(real)).isDirectory()) throw new Error("not a folder");
  } catch {
    throw new Error(`${dir} is not a folder this server can read`);
  }
  const me = process.getuid?.();
  for (let at = real, first = true; ; first = false) {
    const info = await stat(at);
    const owner = info.uid === me || info.uid === 0;
    const othersWrite = (info.mode & 0o022) !== 0 && (first || (info.mode & 0o1000) === 0);
    if (me !== undefined && (!owner || othersWrite))
      throw new Error(
        `${at} can be written by someone other than this server's user (owner uid ${info.uid}, mode ${(info.mode & 0o7777).toString(8)}): another user could put a link or a file there; use a folder only this user can write, e.g. mode 700`,
      );
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  return { kind: "folder", dir: real };
}

interface Expect {
  /** Refuse a link as the last component (a local user's own key file may well be one). */
  noLinks?: boolean;
  /** The file must belong to this user id. */
  ownedBy?: number;
  /** The file must have no second name (a hard link to a file elsewhere). */
  singleName?: boolean;
}

/**
 * At most max bytes, whatever stat says: read through one handle, stopping
 * as soon as more than max arrived. O_NONBLOCK keeps a FIFO from holding the call open forever;
 * the checks are made on the handle itself, so nothing can be swapped in
 * after them.
 */
export async function readBounded(path: string, max: number, expect: Expect = {}): Promise<string> {
  const noFollow = expect.noLinks === true ? constants.O_NOFOLLOW : 0;
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | noFollow);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new FileRefused("is not a regular file");
    if (expect.ownedBy !== undefined && info.uid !== expect.ownedBy)
      throw new FileRefused("belongs to another user");
    if (expect.singleName === true && info.nlink !== 1)
      throw new FileRefused("has another name (a hard link)");
    // Whole chunks (some /proc files refuse reads of odd lengths), until past max or the end.
    const buffer = Buffer.alloc(max + READ_CHUNK);
    let size = 0;
    while (size <= max) {
      const { bytesRead } = await handle.read(buffer, size, READ_CHUNK, null);
      if (bytesRead === 0) break;
      size += bytesRead;
    }
    if (size > max) throw new FileRefused(`is larger than ${max} bytes; is it the right file?`);
    return buffer.subarray(0, size).toString("utf8");
  } finally {
    await handle.close();
  }
}
