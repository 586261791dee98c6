/**
 * The command line for people and pipelines: `call` runs one tool and
 * `audit` runs audit_backups, both through the MCP server an assistant gets
 * (an in-memory MCP connection), so the CLI and the tools can never disagree.
 */
import type { ServerConfig } from "../config/config.js";
import { callInProcess, type CallOutcome } from "../mcp/in-process.js";
import { openBackend, serverOptionsFor } from "./serve.js";

/** Exit codes of `audit`, by verdict; anything that stops the audit itself is 3. */
const AUDIT_EXIT: Record<string, number> = { ok: 0, warning: 1, critical: 2 };

async function callOnce(
  config: ServerConfig,
  tool: string,
  args: Record<string, unknown>,
): Promise<CallOutcome> {
  const backend = await openBackend(config);
  try {
    return await callInProcess(serverOptionsFor(config, backend), tool, args);
  } finally {
    await backend.close();
  }
}

function print(result: CallOutcome, json: boolean): void {
  if (json && result.structured && !result.isError) {
    process.stdout.write(`${JSON.stringify(result.structured, null, 2)}\n`);
    return;
  }
  (result.isError ? process.stderr : process.stdout).write(`${result.text}\n`);
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
  return result.isError || result.structured?.token_refused !== undefined ? 1 : 0;
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
  const verdict = result.structured?.verdict;
  return typeof verdict === "string" ? (AUDIT_EXIT[verdict] ?? 3) : 3;
}
