import { randomBytes } from "node:crypto";

const REASONS: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Payload Too Large",
  500: "Internal Server Error",
};

/** A failure a handler wants the client to see; the server turns it into a web.ErrorResponse. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export const badRequest = (message: string): HttpError => new HttpError(400, message);
export const notFound = (message: string): HttpError => new HttpError(404, message);

function reasonPhrase(status: number): string {
  return REASONS[status] ?? "Error";
}

/** The API's error shape, `web.ErrorResponse`, with a numeric timestamp from the injected clock. */
export interface ErrorResponse {
  code: number;
  errors: { error: string; message: string }[];
  exception: string;
  path: string;
  timestamp: number;
  trace_id: string;
}

export function errorBody(
  status: number,
  message: string,
  path: string,
  nowMs: number,
): ErrorResponse {
  const reason = reasonPhrase(status);
  return {
    code: status,
    errors: [{ error: reason, message }],
    exception: `${reason.replace(/\s+/g, "")}Exception`,
    path,
    timestamp: nowMs,
    trace_id: randomBytes(16).toString("hex"),
  };
}

/** Quotes client input in messages without letting it flood them. */
export function quote(input: string): string {
  const short = input.length > 40 ? `${input.slice(0, 40)}…` : input;
  return JSON.stringify(short);
}
