/**
 * What a tool call leaves in the access log: the tool, how it ended and how
 * many API operations it made (the log line has the request's own time).
 * Never its arguments, which may hold storage credentials.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { BackupsApi } from "../api/client.js";

export interface ToolCallRecord {
  tool: string;
  /** ok; preview (a change shown, not made); error (an error result); cancelled (the client went). */
  outcome: "ok" | "preview" | "error" | "cancelled";
  /** API operations the call made (each page one; retries of one operation not counted). */
  upstream: number;
}

export type ToolCallLog = (record: ToolCallRecord) => void;

/** The API client as the call sees it, counting each operation it starts. */
export function countingApi(api: BackupsApi): { api: BackupsApi; count: () => number } {
  let count = 0;
  const counted = new Proxy(api, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]): unknown => {
        count += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { api: counted, count: () => count };
}

export function callOutcome(
  result: CallToolResult,
  signal: AbortSignal,
): ToolCallRecord["outcome"] {
  if (result.isError) return signal.aborted ? "cancelled" : "error";
  const fields = result.structuredContent;
  return fields?.confirmation_required === true ? "preview" : "ok";
}
