/** The local Backups API emulator: demo mode, the standalone `emulator` command, and tests. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { generateDataset } from "./dataset.js";
import { route } from "./handlers.js";
import { HttpError, errorBody, parseJson, readBody, send, type Reply } from "./primitives.js";
import { accountNaming, accountSeed } from "./scenarios.js";
import type { EmulatorState } from "./state.js";
export { generateDataset } from "./dataset.js";
export { SCENARIOS } from "./scenarios.js";
export { accountScenarios } from "./scenarios.js";
export { EmulatorState } from "./state.js";
export { BACKUP_TYPES } from "../api/records.js";
export type { Backup, BackupSchedule } from "./primitives.js";
export { errorBody } from "./primitives.js";
export { readBody, send, type Reply } from "./primitives.js";

/** How an emulator is started, and what a running one offers the caller (tests, demo mode). */
export interface EmulatorOptions {
  /** Required X-API-Key value; default "demo-key". */
  apiKey?: string;
  /**
   * Any key is accepted and gets an account of its own, generated on its
   * first request from a seed derived from the key (team mode's per-user
   * keys, and tests that one user never sees another's data). Keys starting
   * "revoked" are refused. apiKey's account is `state`.
   */
  perKeyAccounts?: boolean;
  /** PRNG seed for generated data; default 42. */
  seed?: number;
  /** Injectable clock; default () => new Date(). */
  now?: () => Date;
  /** Approximate total backups to generate; default ~1500 (never fewer than a 30-day history). */
  backups?: number;
  /** Number of services; default 9 (one per scenario role), at least 6. */
  services?: number;
  /** Start with no services, backups or schedules. */
  emptyData?: boolean;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Shape of GET /backups/{service_id}; default "paged". */
  serviceBackupsShape?: "paged" | "array" | "object";
  /**
   * Restores run this many times faster than simulated (2 min + size at 100 MB/s); default 1.
   * Demo mode uses DEMO_RESTORE_SPEEDUP so a restore finishes within about a minute.
   */
  restoreSpeedup?: number;
  /**
   * Shape of GET /restores and /restores/{id}: "spec" (paged object, one object; default) or
   * "docs" (bare arrays with `key` instead of `backup_id`, as the vendor's worked examples show).
   */
  restoreShape?: "spec" | "docs";
  /**
   * A hook around every request, for tests (injected faults, a record of the
   * requests: test/helpers/emulator.ts): it gets the request and a way to the
   * emulator's own answer, and answers the request itself. The shipped
   * emulator keeps no record and injects nothing.
   */
  around?: (exchange: Exchange) => Promise<void>;
}

/** One request, as the `around` hook sees it. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  query: string;
  /** The emulator's clock, ms. */
  nowMs: number;
  /** The emulator's own answer (an error reply for whatever a handler threw). */
  answer(): Promise<Reply>;
  /** Writes a reply, unless the connection is gone. */
  send(reply: Reply): void;
}

/** Demo mode's restore speed-up: a 100 GB restore (about 19 simulated minutes) takes under a minute. */
export const DEMO_RESTORE_SPEEDUP = 30;

export interface RunningEmulator {
  url: string;
  port: number;
  apiKey: string;
  state: EmulatorState;
  close(): Promise<void>;
}

interface Deps {
  state: EmulatorState;
  apiKey: string;
  /** Per-key accounts (perKeyAccounts): every key but apiKey's, made on first use. */
  accounts: Map<string, EmulatorState> | undefined;
  makeAccount: (key: string) => EmulatorState;
  shape: NonNullable<EmulatorOptions["serviceBackupsShape"]>;
  restoreShape: NonNullable<EmulatorOptions["restoreShape"]>;
  around: EmulatorOptions["around"];
}

function splitUrl(url: string): { path: string; query: string } {
  const q = url.indexOf("?");
  return q < 0 ? { path: url, query: "" } : { path: url.slice(0, q), query: url.slice(q + 1) };
}

const MISSING_KEY = "X-API-Key header is missing; send your MariaDB Cloud API key in X-API-Key";
const WRONG_KEY = "X-API-Key is not a valid API key; check the key you configured";

/** The account a request's key opens; throws 401 for a missing or refused key. */
function accountFor(req: IncomingMessage, deps: Deps): EmulatorState {
  const key = req.headers["x-api-key"];
  if (typeof key !== "string" || key === "") throw new HttpError(401, MISSING_KEY);
  if (key === deps.apiKey) return deps.state;
  if (deps.accounts === undefined || key.startsWith("revoked")) throw new HttpError(401, WRONG_KEY);
  let account = deps.accounts.get(key);
  if (account === undefined) {
    account = deps.makeAccount(key);
    deps.accounts.set(key, account);
  }
  return account;
}

async function answer(
  req: IncomingMessage,
  path: string,
  query: string,
  deps: Deps,
): Promise<Reply> {
  const raw = await readBody(req);
  const state = accountFor(req, deps);
  const { handler, param } = route(req.method ?? "GET", path);
  state.settle();
  return handler({
    state,
    param,
    query: new URLSearchParams(query),
    json: () => parseJson(raw),
    shape: deps.shape,
    restoreShape: deps.restoreShape,
  });
}

/** The handler's answer, or the web.ErrorResponse for what it threw; handlers only throw. */
async function handled(
  req: IncomingMessage,
  path: string,
  query: string,
  deps: Deps,
): Promise<Reply> {
  try {
    return await answer(req, path, query, deps);
  } catch (err) {
    const known = err instanceof HttpError;
    const status = known ? err.status : 500;
    const message = known
      ? err.message
      : `emulator error: ${err instanceof Error ? err.message : String(err)}`;
    return {
      status,
      body: errorBody(status, message, path, deps.state.now().getTime()),
      headers: known ? err.headers : {},
    };
  }
}

/** Every request gets exactly one response, or what the caller's `around` hook makes of it. */
async function serve(req: IncomingMessage, res: ServerResponse, deps: Deps): Promise<void> {
  const { path, query } = splitUrl(req.url ?? "/");
  const answer = () => handled(req, path, query, deps);
  const reply = (out: Reply): void => {
    if (!res.destroyed) send(res, out);
  };
  if (deps.around !== undefined) {
    const nowMs = deps.state.now().getTime();
    await deps.around({
      req,
      res,
      method: req.method ?? "",
      path,
      query,
      nowMs,
      answer,
      send: reply,
    });
    return;
  }
  reply(await answer());
}

/** A seed from a key, so the same key finds the same account after a restart. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const now = options.now ?? (() => new Date());
  const deps: Deps = {
    state: generateDataset({ ...options, now }),
    apiKey: options.apiKey ?? "demo-key",
    accounts: options.perKeyAccounts === true ? new Map() : undefined,
    makeAccount: (key) =>
      generateDataset({ ...options, now, seed: accountSeed(key) }, accountNaming(key)),
    shape: options.serviceBackupsShape ?? "paged",
    restoreShape: options.restoreShape ?? "spec",
    around: options.around,
  };
  const server = createServer((req, res) => {
    serve(req, res, deps).catch(() => res.destroy());
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("emulator is not on TCP");
  const { port } = address;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    apiKey: deps.apiKey,
    state: deps.state,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets would otherwise hold close() open for seconds.
        server.closeAllConnections();
      }),
  };
}

export interface StandaloneOptions {
  port: number;
  host?: string;
  apiKey?: string;
  seed?: number;
  backups?: number;
  services?: number;
  perKeyAccounts?: boolean;
}

/** For `skybackup-mcp emulator`: one line on stderr (stdout stays clean), stops on a signal. */
export async function runStandaloneEmulator(opts: StandaloneOptions): Promise<RunningEmulator> {
  // Run by people trying the server out, so restores finish while they watch, as in --demo.
  const emulator = await startEmulator({ restoreSpeedup: DEMO_RESTORE_SPEEDUP, ...opts });
  const stop = (): void => {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    void emulator.close();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  process.stderr.write(
    `skybackup emulator: ${emulator.state.services.length} services, ${emulator.state.backups.length} backups. ` +
      (opts.perKeyAccounts
        ? `Any API key gets its own account. Point team mode at it with SKYSQL_API_URL=${emulator.url} skybackup-mcp --http\n`
        : `Point the server at it with SKYSQL_API_URL=${emulator.url} SKYSQL_API_KEY=${emulator.apiKey}\n`),
  );
  return {
    ...emulator,
    close: async () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      await emulator.close();
    },
  };
}
