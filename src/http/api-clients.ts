/**
 * One API client per credential set, made on a user's first request and
 * kept while it is used: its confirmation-token book (so a used token stays
 * used here) belongs to that user alone. Bounded: past the limit the least
 * recently used idle client goes, and clients idle for long are dropped.
 * Keys live only in these clients' request headers, never on disk.
 */
import { metrics } from "../util/metrics.js";
import { createHash } from "node:crypto";
import type { BackupsApi } from "../api/client.js";
import { ConfirmationTokens, confirmationKey } from "../safety/confirmation-tokens.js";
import type { Caller } from "./credentials.js";

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
