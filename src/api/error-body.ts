/** Reads web.ErrorResponse bodies leniently and says how to fix common statuses. */
import { isRecord } from "./lenient.js";
import { cleanText, quoted, shown } from "../util/untrusted-text.js";

export function describeErrorBody(
  parsed: unknown,
  rawText: string,
): { message?: string; traceId?: string } {
  if (!isRecord(parsed)) {
    const text = rawText.trim();
    if (text === "") return {};
    // An HTML page comes from a proxy or gateway, not the API; its title is all it says.
    if (/^<(!doctype|html|head|body)/i.test(text)) {
      const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
      return {
        message: `a proxy or gateway answered with an HTML page${title ? ` ${quoted(cleanText(title, 80))}` : ""}`,
      };
    }
    return { message: quoted(cleanText(text.slice(0, 160).replace(/\s+/g, " "))) };
  }
  const details = Array.isArray(parsed.errors) ? parsed.errors : [];
  const parts: string[] = [];
  for (const detail of details) {
    if (!isRecord(detail)) continue;
    const message = typeof detail.message === "string" ? detail.message : undefined;
    const error = typeof detail.error === "string" ? detail.error : undefined;
    const solution = typeof detail.solution === "string" ? ` (${detail.solution})` : "";
    const text = message ?? error;
    if (text) parts.push(text + solution);
  }
  if (parts.length === 0 && typeof parsed.exception === "string") parts.push(parsed.exception);
  if (parts.length === 0 && typeof parsed.message === "string") parts.push(parsed.message);
  const traceId =
    typeof parsed.trace_id === "string" && parsed.trace_id ? shown(parsed.trace_id) : undefined;
  // The API's own words, quoted: an error text can never pass for the server's.
  return { message: parts.length > 0 ? quoted(parts.join("; ")) : undefined, traceId };
}

/** Whose key: the server's setting, or the one each user's client sends (team mode). */
export type KeySource = "server" | "client";

export function hintFor(
  status: number,
  hasTraceId = false,
  keySource: KeySource = "server",
): string | undefined {
  const client = keySource === "client";
  if (status === 401) {
    return client
      ? "The API key your MCP client sends was rejected: put a valid key (MariaDB Cloud portal > API keys) in its Authorization: Bearer or X-API-Key header."
      : "The API key was rejected: set SKYSQL_API_KEY to a valid key (MariaDB Cloud portal > API keys) and restart the server.";
  }
  if (status === 403) {
    return `The API key lacks permission: schedule changes need the administrator role; check the key's role and ${client ? "the X-MDB-Org header your client sends" : "SKYSQL_ORG_ID"}.`;
  }
  if (status === 429) return "The API is rate limiting; wait a moment and try again.";
  if (status >= 500)
    return hasTraceId
      ? "The API failed on its side; try again, and quote the trace_id to MariaDB support if it persists."
      : "The API or a gateway in front of it failed; try again later.";
  return undefined;
}
