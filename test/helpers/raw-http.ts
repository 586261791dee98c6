/**
 * Raw HTTP for hostile-request tests: node:http on a fresh connection each
 * time, so a test sets any header it likes (Host included), and sees the
 * status, the headers and the body exactly as the server sent them.
 */
import { request, type IncomingHttpHeaders } from "node:http";
import { expect } from "vitest";
import { MCP_HEADERS, rpcMessages, type HttpServer } from "./http-server.js";

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export function rawRequest(url: string, options: RawRequest = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? "GET", headers: options.headers, agent: false },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** A JSON-RPC tools/call body, as an MCP client would send it. */
export function toolCall(name: string, args: Record<string, unknown> = {}, id = 1): string {
  return JSON.stringify({
    jsonrpc: "2.0",
    id,
    method: "tools/call",
    params: { name, arguments: args },
  });
}

/** A refusal: this status, and a JSON-RPC error (id null) whose message matches. */
export function expectRefusal(response: RawResponse, status: number, message: RegExp): string {
  expect(response.status, response.body).toBe(status);
  expect(response.headers["content-type"]).toContain("application/json");
  const parsed = JSON.parse(response.body) as {
    jsonrpc: string;
    id: unknown;
    error: { code: number; message: string };
  };
  expect(parsed.jsonrpc).toBe("2.0");
  expect(parsed.id).toBeNull();
  expect(parsed.error.message).toMatch(message);
  return parsed.error.message;
}

/** The process is still up: /healthz answers 200 and a plain tools/call with these headers works. */
export async function expectHealthy(
  server: HttpServer,
  headers: Record<string, string>,
): Promise<void> {
  expect(server.child.exitCode).toBeNull();
  const health = await rawRequest(`${server.origin}/healthz`);
  expect(health.status).toBe(200);
  const response = await fetch(server.url, {
    method: "POST",
    headers: { ...MCP_HEADERS, ...headers },
    body: toolCall("list_services"),
  });
  expect(response.status).toBe(200);
  const [answer] = await rpcMessages(response);
  const result = answer?.result as { isError?: boolean; content?: unknown } | undefined;
  expect(result?.isError, JSON.stringify(answer)).toBeFalsy();
  expect(JSON.stringify(result?.content)).toContain("Services:");
}

/** The access log: every stderr line that is a JSON object. */
export function accessLines(stderr: string): Record<string, unknown>[] {
  return stderr
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
