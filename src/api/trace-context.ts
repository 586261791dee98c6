/**
 * W3C trace context for the API requests of one tool call. A caller that
 * sends `traceparent` in the call's `_meta` gets it on every request the call
 * makes, so its trace spans the call. AsyncLocalStorage carries it, so the
 * API client (shared by concurrent calls in team mode) needs no argument for
 * it. A value that is not a valid traceparent is dropped, never forwarded:
 * it is a stranger's text going into an outgoing header.
 */
import { AsyncLocalStorage } from "node:async_hooks";

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
/** All-zero trace and parent ids are invalid (W3C Trace Context, 3.2.2), as is version ff. */
const INVALID = /^ff-|-0{32}-|-0{16}-/;

const current = new AsyncLocalStorage<string>();

/** The traceparent of a call's `_meta`, when it is a valid one. */
export function traceparentOf(meta: unknown): string | undefined {
  const value =
    typeof meta === "object" && meta !== null
      ? (meta as Record<string, unknown>).traceparent
      : undefined;
  if (typeof value !== "string") return undefined;
  const text = value.trim().toLowerCase();
  return TRACEPARENT.test(text) && !INVALID.test(text) ? text : undefined;
}

/** Runs `work` with `traceparent` sent on each API request it makes. */
export function withTraceparent<T>(traceparent: string | undefined, work: () => T): T {
  return traceparent === undefined ? work() : current.run(traceparent, work);
}

/** The traceparent of the call this request belongs to, if any. */
export function currentTraceparent(): string | undefined {
  return current.getStore();
}
