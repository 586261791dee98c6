/** Classifies what undici throws: timeouts, cancellations and network failures. */

export type TransportFailure =
  | { kind: "aborted" }
  | { kind: "deadline" }
  | { kind: "timeout" }
  | { kind: "network"; code: string | undefined };

const TIMEOUT_CODES = new Set([
  "TimeoutError",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CONNECT_TIMEOUT",
]);

export function classifyTransportError(
  error: unknown,
  callerSignal: AbortSignal | undefined,
): TransportFailure {
  if (callerSignal?.aborted) {
    const reason: unknown = callerSignal.reason;
    return reason instanceof Error && reason.name === "TimeoutError"
      ? { kind: "deadline" }
      : { kind: "aborted" };
  }
  const code = errorCode(error);
  if (code !== undefined && TIMEOUT_CODES.has(code)) return { kind: "timeout" };
  return { kind: "network", code };
}

/** The first string code in the error or its causes (ECONNREFUSED, UND_ERR_SOCKET, ...). */
function errorCode(error: unknown, depth = 0): string | undefined {
  if (!(error instanceof Error) || depth > 5) return undefined;
  if (error.name === "TimeoutError") return "TimeoutError";
  const withCode = error as Error & { code?: unknown; cause?: unknown };
  if (typeof withCode.code === "string") return withCode.code;
  return errorCode(withCode.cause, depth + 1);
}
