/**
 * What team mode pays on every POST before a call starts: a new MCP server
 * with every tool registered, a stateless Streamable HTTP transport, the
 * connect, and both closed again (src/mcp/http-transport.ts). Measured in
 * this process, apart from any I/O, so it can be set against a replica's
 * CPU time per call. Apart, the part of it that is the SDK's Server making
 * a JSON Schema validator (a new Ajv instance) for itself: the largest single
 * cost in a replica's CPU profile, and one a shared validator would save.
 */
import { performance } from "node:perf_hooks";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { BackupsApi } from "../../src/api/client.js";
import { createServer } from "../../src/mcp/server.js";
import { ConfirmationTokens } from "../../src/safety/confirm.js";
import { spread, type Spread } from "./stats.js";

const WARMUP = 50;

/** The spread, and the mean: the garbage each server leaves is paid in rare long pauses the median skips. */
export async function freshServerCost(
  iterations: number,
): Promise<{ spread: Spread; mean: number; validatorMean: number }> {
  const api = new BackupsApi({
    baseUrl: "http://127.0.0.1:9",
    apiKey: "bench",
    timeoutMs: 1_000,
    userAgent: "bench",
  });
  const tokens = new ConfirmationTokens();
  const once = async (): Promise<number> => {
    const t0 = performance.now();
    const server = createServer({ api, confirmationTokens: tokens });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    await server.connect(transport);
    await transport.close();
    await server.close();
    return performance.now() - t0;
  };
  for (let i = 0; i < WARMUP; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) samples.push(await once());
  await api.close();
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) new AjvJsonSchemaValidator();
  return {
    spread: spread(samples),
    mean: mean(samples),
    validatorMean: (performance.now() - t0) / iterations,
  };
}

const mean = (samples: readonly number[]): number =>
  samples.reduce((sum, x) => sum + x, 0) / samples.length;
