/**
 * Per-key accounts (perKeyAccounts): each key's generated account has its own
 * seed, service ids and service names, all derived from the key, so a test
 * can tell one user's data from another's by any of them. The configured
 * key's account keeps the fixed SCENARIOS ids and plain names.
 */
import { createHash } from "node:crypto";
import { SCENARIOS, type ScenarioRole } from "./scenarios.js";

export interface AccountNaming {
  /** The service id of each role in this account. */
  ids: Readonly<Record<ScenarioRole, string>>;
  /** Appended to every service name: "orders-prod-k3xq". */
  suffix: string;
}

const digest = (text: string): Buffer => createHash("sha256").update(text).digest();

/** The dataset seed of a key's account. */
export function accountSeed(key: string): number {
  return digest(key).readUInt32BE(0) & 0x7fffffff;
}

const letters = (bytes: Buffer, count: number): string =>
  Array.from({ length: count }, (_, i) => String.fromCharCode(97 + (bytes[i]! % 26))).join("");

/** "db" + 3 letters + 8 digits, like every other service id, from the key and the role. */
function roleId(key: string, role: ScenarioRole): string {
  const bytes = digest(`${key}\u0000${role}`);
  return `db${letters(bytes, 3)}${String(bytes.readUInt32BE(4) % 100_000_000).padStart(8, "0")}`;
}

export function accountNaming(key: string): AccountNaming {
  const roles = Object.keys(SCENARIOS) as ScenarioRole[];
  const ids = Object.fromEntries(roles.map((role) => [role, roleId(key, role)])) as Record<
    ScenarioRole,
    string
  >;
  return { ids, suffix: letters(digest(`${key}\u0000name`), 4) };
}

/** The service id of each role in the account `key` opens (a role sharing a service aside). */
export function accountScenarios(key: string): Readonly<Record<ScenarioRole, string>> {
  return accountNaming(key).ids;
}
