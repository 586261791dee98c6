/**
 * One API client per credential set, made on a user's first request and
 * kept while it is used: its confirmation-token book (so a used token stays
 * used here) belongs to that user alone. Bounded: past the limit the least
 * recently used idle client goes, and clients idle for long are dropped.
 * Keys live only in these clients' request headers, never on disk.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { BackupsApi } from "../api/client.js";
import type { Caller } from "./auth.js";
import type { Problem } from "./team-server.js";
import { ConfirmationTokens, confirmationKey } from "../safety/confirm.js";
import { metrics } from "../util/metrics.js";
import { SERVICE_ID_PATTERN } from "../util/ids.js";

export interface UserClient {
  readonly api: BackupsApi;
  readonly tokens: ConfirmationTokens;
  /** What the answers to this user must never contain. */
  readonly secrets: readonly string[];
  /** The API has taken this key once (per-user mode checks it when a client connects). */
  keyAccepted?: boolean;
}

interface Entry extends UserClient {
  lastUsed: number;
  active: number;
}

export interface ApiClientsOptions {
  makeApi: (apiKey: string, orgId: string | undefined) => BackupsApi;
  maxClients: number;
  idleMs: number;
  now?: () => number;
}

export class ApiClients {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: ApiClientsOptions) {
    this.now = options.now ?? Date.now;
    this.sweeper = setInterval(() => this.dropIdle(), Math.min(options.idleMs, 60_000));
    this.sweeper.unref();
  }

  get size(): number {
    return this.entries.size;
  }

  /** The caller's client, held until release(); undefined when every slot is busy. */
  lease(caller: Caller): { client: UserClient; release: () => void } | undefined {
    const id = createHash("sha256")
      .update(`${caller.apiKey}\n${caller.orgId ?? ""}`)
      .digest("hex");
    let entry = this.entries.get(id);
    if (entry === undefined) {
      if (this.entries.size >= this.options.maxClients && !this.evictOne()) return undefined;
      entry = {
        api: this.options.makeApi(caller.apiKey, caller.orgId),
        tokens: new ConfirmationTokens(confirmationKey(caller.apiKey, caller.orgId)),
        secrets: [caller.apiKey],
        lastUsed: this.now(),
        active: 0,
      };
    }
    // Re-inserted so the map's order is least recently used first.
    this.entries.delete(id);
    this.entries.set(id, entry);
    metrics().apiClientsHeld(this.entries.size);
    entry.active += 1;
    entry.lastUsed = this.now();
    const held = entry;
    let released = false;
    return {
      client: held,
      release: () => {
        if (released) return;
        released = true;
        held.active -= 1;
        held.lastUsed = this.now();
      },
    };
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((entry) => entry.api.close().catch(() => undefined)));
  }

  private evictOne(): boolean {
    for (const [id, entry] of this.entries) {
      if (entry.active > 0) continue;
      this.drop(id, entry);
      return true;
    }
    return false;
  }

  private dropIdle(): void {
    const cutoff = this.now() - this.options.idleMs;
    for (const [id, entry] of this.entries)
      if (entry.active === 0 && entry.lastUsed < cutoff) this.drop(id, entry);
  }

  private drop(id: string, entry: Entry): void {
    this.entries.delete(id);
    metrics().apiClientsHeld(this.entries.size);
    void entry.api.close().catch(() => undefined);
  }
}

/**
 * Per-request narrowing: a caller may ask, for its own requests, for fewer
 * tools, fewer services or read-only, in headers (as github-mcp-server takes
 * them) or in /mcp's query. Only the shape is checked here; which names exist
 * and what the operator allows is the Narrower's to decide (the mode passes
 * it in), so a request can narrow the operator's settings but never widen them.
 */
interface Narrowing {
  /** Asked for by the request, or implied by the caller's grant (an OAuth token without write scope). */
  readonly readOnly: boolean;
  /** The tools asked for, or undefined for every tool the operator offers. */
  readonly tools: readonly string[] | undefined;
  /** The services asked for, or undefined for every service the operator allows. */
  readonly services: readonly string[] | undefined;
}

/** The operator's side refuses a list: a name it does not know (400), or nothing left to serve (403). */
interface NarrowingRefusal {
  /** The list refused, named in the answer as the request sent it; absent for the request as a whole. */
  readonly refused?: "tools" | "services";
  readonly status: 400 | 403;
  readonly reason: string;
}

/** The operator's settings narrowed for one request, or why they cannot be. */
export type Narrower<T> = (narrowing: Narrowing) => T | NarrowingRefusal;

const FIELDS = {
  readOnly: { header: "x-mcp-read-only", param: "read_only", shown: "X-MCP-Read-Only" },
  tools: { header: "x-mcp-tools", param: "tools", shown: "X-MCP-Tools" },
  services: { header: "x-mcp-services", param: "services", shown: "X-MCP-Services" },
} as const;
type Field = keyof typeof FIELDS;

const HEADERS = new Set<string>(Object.values(FIELDS).map((field) => field.header));
const PARAMS = new Set<string>(Object.values(FIELDS).map((field) => field.param));
const ACCEPTED =
  "X-MCP-Read-Only, X-MCP-Tools, X-MCP-Services (or ?read_only=, ?tools=, ?services=)";
const MAX_SHOWN_CHARS = 64;

/**
 * This request's narrowing applied by the narrower, or the refusal to send.
 * grantReadOnly is the caller's own limit, which no header can lift.
 */
export function narrowRequest<T>(
  req: IncomingMessage,
  grantReadOnly: boolean,
  narrower: Narrower<T>,
): { options: T } | { problem: Problem } {
  const asked = askedNarrowing(req);
  if ("problem" in asked) return asked;
  const { narrowing, sources } = asked;
  const applied = narrower({ ...narrowing, readOnly: narrowing.readOnly || grantReadOnly });
  if (!isRefusal(applied)) return { options: applied };
  const word = applied.status === 400 ? "Bad Request" : "Forbidden";
  return {
    problem: {
      status: applied.status,
      message: `${word}: ${applied.refused ? `${sources[applied.refused]}: ` : ""}${applied.reason}`,
    },
  };
}

function isRefusal<T>(value: T | NarrowingRefusal): value is NarrowingRefusal {
  return typeof value === "object" && value !== null && "reason" in value;
}

type Asked = { narrowing: Narrowing; sources: Record<Field, string> } | { problem: Problem };

function askedNarrowing(req: IncomingMessage): Asked {
  const url = req.url ?? "";
  const query = new URLSearchParams(url.includes("?") ? url.slice(url.indexOf("?") + 1) : "");
  // A misspelt switch (github's X-MCP-Readonly, ?readonly=) silently ignored would leave
  // a caller believing it cannot write: anything unknown in these places is refused.
  for (const name of Object.keys(req.headers))
    if (name.startsWith("x-mcp-") && !HEADERS.has(name))
      return badRequest(`unknown header ${name}; this server reads ${ACCEPTED}`);
  for (const name of new Set(query.keys()))
    if (!PARAMS.has(name))
      return badRequest(
        `unknown query parameter ${shown(name)} on /mcp; this server reads ${ACCEPTED}`,
      );

  const sources = {} as Record<Field, string>;
  const values: Partial<Record<Field, string>> = {};
  for (const field of Object.keys(FIELDS) as Field[]) {
    const { header, param, shown: name } = FIELDS[field];
    const fromHeader = req.headersDistinct[header] ?? [];
    const fromQuery = query.getAll(param);
    if (fromHeader.length > 1 || fromQuery.length > 1)
      return badRequest(`send ${fromHeader.length > 1 ? name : `?${param}=`} once`);
    if (fromHeader.length > 0 && fromQuery.length > 0)
      return badRequest(`send ${name} or ?${param}=, not both`);
    sources[field] = fromQuery.length > 0 ? `?${param}=` : name;
    values[field] = fromHeader[0] ?? fromQuery[0];
  }

  let readOnly = false;
  if (values.readOnly !== undefined) {
    const text = values.readOnly.trim().toLowerCase();
    if (text === "true" || text === "1") readOnly = true;
    else if (text !== "false" && text !== "0")
      return badRequest(`${sources.readOnly} must be true or false, got ${shown(values.readOnly)}`);
  }
  const tools = nameList(values.tools, sources.tools, "tool");
  if (tools !== undefined && "problem" in tools) return tools;
  const services = nameList(values.services, sources.services, "service");
  if (services !== undefined && "problem" in services) return services;
  const badId = services?.names.find((id) => !SERVICE_ID_PATTERN.test(id));
  if (badId !== undefined)
    return badRequest(
      `${sources.services}: ${shown(badId)} is not a service id (5 to 64 letters, digits, '_' or '-', such as dbtgf28216706)`,
    );
  return { narrowing: { readOnly, tools: tools?.names, services: services?.names }, sources };
}

/** "a, b,,a" -> ["a", "b"]; a list that names nothing is refused, as it means neither "all" nor "none" plainly. */
function nameList(
  value: string | undefined,
  source: string,
  what: string,
): { names: readonly string[] } | { problem: Problem } | undefined {
  if (value === undefined) return undefined;
  const names = [
    ...new Set(
      value
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean),
    ),
  ];
  if (names.length === 0)
    return badRequest(
      `${source} names no ${what}; name some, comma-separated, or leave it out for all this server offers`,
    );
  return { names };
}

/** The caller's own text, quoted and clipped: it goes back in a message. */
export const shown = (text: string): string =>
  JSON.stringify(text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}…` : text);

const badRequest = (message: string): { problem: Problem } => ({
  problem: { status: 400, message: `Bad Request: ${message}` },
});
