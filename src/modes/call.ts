/**
 * The command line for people and pipelines: `call` runs one tool and
 * `audit` runs audit_backups, both through the same MCP server and
 * validation an assistant gets (an in-memory MCP connection), so the CLI
 * and the tools can never disagree.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { openBackend } from "./backend.js";
import type { ServerConfig } from "../config/index.js";
import { confirmationKey } from "../safety/confirmation-tokens.js";
import { createServer } from "../mcp/server.js";
import { ALL_TOOLS } from "../tools/index.js";
import { selectTools } from "../tools/select.js";

/** Exit codes of `audit`, by verdict; anything that stops the audit itself is 3. */
const AUDIT_EXIT: Record<string, number> = { ok: 0, warning: 1, critical: 2 };

async function callOnce(
  config: ServerConfig,
  tool: string,
  args: Record<string, unknown>,
): Promise<CallToolResult> {
  const backend = await openBackend(config);
  const server = createServer({
    api: backend.api,
    demo: config.demo,
    secrets: [config.apiKey],
    tools: selectTools(ALL_TOOLS, config),
    services: config.services,
    confirm: config.confirm,
    confirmationKey: confirmationKey(config.apiKey, config.orgId),
    deadlineMs: config.deadlineMs,
  });
  const client = new Client({ name: "skybackup-mcp-cli", version: "1" });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  try {
    await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
    return (await client.callTool({ name: tool, arguments: args })) as CallToolResult;
  } finally {
    await client.close();
    await server.close();
    await backend.close();
  }
}

function print(result: CallToolResult, json: boolean): void {
  if (json && result.structuredContent && !result.isError) {
    process.stdout.write(`${JSON.stringify(result.structuredContent, null, 2)}\n`);
    return;
  }
  const text = result.content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
  (result.isError ? process.stderr : process.stdout).write(`${text}\n`);
}

/** `skybackup-mcp call <tool> '<json>'`: exit 1 when the result is an error. */
export async function runCall(
  config: ServerConfig,
  tool: string,
  args: Record<string, unknown>,
  json: boolean,
): Promise<number> {
  const result = await callOnce(config, tool, args);
  print(result, json);
  // A refused token comes back as a fresh preview, not an error; a script must still see "not done".
  const refused = (result.structuredContent as { token_refused?: unknown } | undefined)
    ?.token_refused;
  return result.isError || refused !== undefined ? 1 : 0;
}

/** `skybackup-mcp audit`: exit 0 (ok), 1 (warnings), 2 (critical), 3 (the audit failed). */
export async function runAudit(
  config: ServerConfig,
  auditArgs: Readonly<Record<string, number>>,
  json: boolean,
): Promise<number> {
  const args: Record<string, unknown> = { ...auditArgs };
  if (config.services) args.service_ids = [...config.services];
  const result = await callOnce(config, "audit_backups", args);
  print(result, json);
  if (result.isError) return 3;
  const verdict = (result.structuredContent as { verdict?: unknown } | undefined)?.verdict;
  return typeof verdict === "string" ? (AUDIT_EXIT[verdict] ?? 3) : 3;
}
