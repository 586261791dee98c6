import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { accountNaming, accountSeed } from "./accounts.js";
import { generateDataset } from "./dataset.js";
import { HttpError, errorBody } from "./errors.js";
import { FaultController, planFault } from "./faults.js";
import { parseJson, readBody, send, type Reply } from "./http-io.js";
import { route } from "./router.js";
import type { EmulatorState } from "./state.js";
import type { EmulatorOptions, RecordedRequest, RunningEmulator } from "./options.js";

interface Deps {
  state: EmulatorState;
  apiKey: string;
  /** Per-key accounts (perKeyAccounts): every key but apiKey's, made on first use. */
  accounts: Map<string, EmulatorState> | undefined;
  makeAccount: (key: string) => EmulatorState;
  shape: NonNullable<EmulatorOptions["serviceBackupsShape"]>;
  restoreShape: NonNullable<EmulatorOptions["restoreShape"]>;
  requests: RecordedRequest[];
  faults: FaultController;
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

/** Every request gets exactly one response (or the injected fault), and is recorded. */
async function serve(req: IncomingMessage, res: ServerResponse, deps: Deps): Promise<void> {
  const { path, query } = splitUrl(req.url ?? "/");
  const method = req.method ?? "";
  const fault = deps.faults.take(method, path);
  if (fault !== undefined) {
    const nowMs = deps.state.now().getTime();
    const plan = await planFault(fault, req, () => handled(req, path, query, deps), {
      path,
      nowMs,
    });
    deps.requests.push({ method, path, query, status: plan.status, fault: fault.fault });
    if (!res.destroyed) await plan.deliver(res);
    return;
  }
  const reply = await handled(req, path, query, deps);
  deps.requests.push({ method, path, query, status: reply.status });
  if (!res.destroyed) send(res, reply);
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
    requests: [],
    faults: new FaultController(),
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
    requests: deps.requests,
    faults: deps.faults,
    state: deps.state,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets would otherwise hold close() open for seconds.
        server.closeAllConnections();
      }),
  };
}
