import { IncomingMessage } from "node:http";
import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { describeRpc, MAX_BODY_BYTES, readJsonBody } from "../../../src/http/body.js";

/** A request as the server sees it: these headers, then these chunks, then the end. */
function incoming(chunks: readonly (string | Buffer)[], headers: Record<string, string> = {}) {
  const req = new IncomingMessage(new Socket());
  req.headers = headers;
  for (const chunk of chunks) req.push(chunk);
  req.push(null);
  return req;
}

const ping = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" });

describe("readJsonBody", () => {
  it("parses a JSON-RPC message and a batch, however it is chunked", async () => {
    expect(await readJsonBody(incoming([ping]))).toEqual({ value: JSON.parse(ping) });
    const split = [ping.slice(0, 5), Buffer.from(ping.slice(5, 12)), ping.slice(12)];
    expect(await readJsonBody(incoming(split))).toEqual({ value: JSON.parse(ping) });
    const batch = `[${ping},${ping}]`;
    expect(await readJsonBody(incoming([batch]))).toEqual({ value: JSON.parse(batch) });
  });

  it("keeps a UTF-8 character split across chunks whole", async () => {
    const text = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping", params: { note: "é€" } });
    const bytes = Buffer.from(text);
    const cut = bytes.indexOf(Buffer.from("€")) + 1;
    const result = await readJsonBody(incoming([bytes.subarray(0, cut), bytes.subarray(cut)]));
    expect(result).toEqual({ value: JSON.parse(text) });
  });

  it("refuses a declared Content-Length over the limit without keeping it, with 413 and Connection: close", async () => {
    const result = await readJsonBody(incoming([ping], { "content-length": "2048" }), 1024);
    expect(result).toEqual({
      problem: {
        status: 413,
        message: "Payload Too Large: a request body may be at most 1024 bytes",
        headers: { connection: "close" },
      },
    });
  });

  it("refuses a body that grows past the limit, and takes one exactly at it", async () => {
    const chunk = "x".repeat(400);
    const over = await readJsonBody(incoming([chunk, chunk, chunk]), 1024);
    expect(over).toMatchObject({ problem: { status: 413 } });
    const exact = `{"jsonrpc":"2.0","method":"a","pad":"${"y".repeat(1024 - 39)}"}`;
    expect(Buffer.byteLength(exact)).toBe(1024);
    expect(await readJsonBody(incoming([exact]), 1024)).toHaveProperty("value");
    expect(MAX_BODY_BYTES).toBe(1024 * 1024);
  });

  it("answers a body that is not JSON with a parse error (-32700) that says what to send", async () => {
    for (const body of ["{", "", "nope", "{'single':1}"]) {
      const result = await readJsonBody(incoming([body]));
      expect(result).toMatchObject({ problem: { status: 400, code: -32700 } });
      expect(JSON.stringify(result)).toContain("send one JSON-RPC 2.0 message");
    }
  });

  it("answers JSON that is not JSON-RPC, or an empty batch, with Invalid Request (-32600)", async () => {
    for (const body of [
      '{"hello":1}',
      '"text"',
      "42",
      "null",
      "[]",
      `[${ping},1]`,
      '{"jsonrpc":"1.0"}',
    ]) {
      const result = await readJsonBody(incoming([body]));
      expect(result, body).toMatchObject({ problem: { status: 400, code: -32600 } });
      expect(JSON.stringify(result)).toContain('\\"jsonrpc\\": \\"2.0\\"');
    }
  });
});

describe("describeRpc", () => {
  it("names the method and the tool, never the arguments", () => {
    const call = {
      jsonrpc: "2.0",
      method: "tools/call",
      params: { name: "list_backups", arguments: { secret: "s3cr3t" } },
    };
    expect(describeRpc(call)).toEqual({ rpc: "tools/call", tool: "list_backups" });
    expect(JSON.stringify(describeRpc(call))).not.toContain("s3cr3t");
    expect(describeRpc({ method: "ping" })).toEqual({ rpc: "ping", tool: undefined });
    expect(describeRpc([call, call])).toEqual({ rpc: "batch of 2" });
    expect(describeRpc("text")).toEqual({});
  });

  it("bounds what it copies from the caller", () => {
    const long = "m".repeat(500);
    const described = describeRpc({ method: "tools/call", params: { name: long } });
    expect(described.rpc).toBe("tools/call");
    expect(described.tool).toHaveLength(64);
    expect(describeRpc({ method: long }).rpc).toHaveLength(64);
  });
});
