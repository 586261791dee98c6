/** What every benchmark section gets and gives back. */
import { join } from "node:path";

export interface BenchContext {
  /** The repository root: dist/ and bench/fixtures/ are found from here. */
  readonly root: string;
  readonly serverBin: string;
  readonly floorFixture: string;
  readonly sdkFixture: string;
}

export function benchContext(root: string): BenchContext {
  return {
    root,
    serverBin: join(root, "dist", "index.js"),
    floorFixture: join(root, "bench", "fixtures", "floor.mjs"),
    sdkFixture: join(root, "bench", "fixtures", "bare-sdk.mjs"),
  };
}

/** One line of the final summary: a figure against its target, or reported for information. */
export interface Check {
  readonly figure: string;
  readonly value: string;
  readonly target: string;
  readonly outcome: Outcome;
}

export type Outcome = "pass" | "miss" | "info" | "skipped";

export const verdict = (ok: boolean): Outcome => (ok ? "pass" : "miss");

export interface SectionResult {
  readonly name: string;
  readonly figures: Record<string, unknown>;
  readonly checks: readonly Check[];
}

export const API_KEY = "bench-key-0123456789";

/** The environment of a spawned server talking to an API at url. */
export function serverEnv(url: string): Record<string, string> {
  return { SKYSQL_API_KEY: API_KEY, SKYSQL_API_URL: url };
}
