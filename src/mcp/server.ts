/**
 * createServer: the one module that registers MCP tools. Every definition is
 * registered in one loop and every run is wrapped in one catch; each call
 * gets its own deadline, the shutdown signal, and a secret list to scrub.
 * No side effects beyond the server it returns.
 */
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  ListToolsRequestSchema,
  type CallToolResult,
  type ToolAnnotations,
  type Implementation,
  type Tool,
  type ServerNotification,
  type ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { z } from "zod";
import type { BackupsApi } from "../api/client.js";
import { ApiError } from "../api/errors.js";
import { traceparentOf, withTraceparent } from "../api/transport.js";
import type { ConfirmMode } from "../config/config.js";
import { registerPrompts } from "./prompts.js";
import { createConfirmGate, ConfirmationTokens, type AskUser } from "../safety/confirm.js";
import { readCredentialsFile, type CredentialFileAccess } from "../safety/credential-files.js";
import { holdsSecret, redact, redactValues, withoutSecretFields } from "../util/redact.js";
import { ServiceScope } from "../safety/scope.js";
import type { ToolDefinition, ToolKind } from "../tools/define.js";
import { ALL_TOOLS } from "../tools/all-tools.js";
import { metrics } from "../util/metrics.js";
import { PartialWriteError, ToolError } from "../util/tool-error.js";
import { HOMEPAGE, SERVER_TITLE, VERSION } from "../version.js";

export interface ServerOptions {
  api: BackupsApi;
  demo?: boolean;
  /** Values that must never appear in any output (the API key). */
  secrets?: readonly string[];
  now?: () => Date;
  tools?: readonly ToolDefinition[];
  services?: readonly string[];
  confirm?: ConfirmMode;
  /**
   * Signs confirmation tokens (confirmationKey(apiKey, orgId)), so a token
   * verifies in every process with the same credentials. Without it tokens
   * are good only in this process.
   */
  confirmationKey?: Buffer;
  /**
   * The token book to use instead of a new one. Team mode keeps one per
   * user across requests, so a used token stays used in this process.
   */
  confirmationTokens?: ConfirmationTokens;
  /** Overall budget of one tool call. */
  deadlineMs?: number;
  /** Told of every tool call as it ends (team mode's access log). */
  onToolCall?: ToolCallLog;
  /** Aborted at shutdown so in-flight requests stop. */
  shutdownSignal?: AbortSignal;
  /** Counts tool calls in flight, so a graceful shutdown can let them finish. */
  inFlight?: { count: number };
  /**
   * Which files a caller may have read as credentials_file. Default "local"
   * (stdio: the caller is this machine's user); team mode passes "none" or
   * the operator's folder, and lists the tools' inputs without server files.
   */
  credentialFiles?: CredentialFileAccess;
}

/**
 * One JSON Schema validator for every server of the process. The SDK builds
 * a new Ajv per server by default, which is most of what a fresh server
 * costs, and team mode makes one per request.
 */
let validator: AjvJsonSchemaValidator | undefined;
const LOCAL_FILES: CredentialFileAccess = { kind: "local" };

/**
 * The tools as offered to callers for whom the server reads no files: the
 * same definitions with their inputWithoutServerFiles, made once per tool
 * selection (team mode builds a server per request; tools/list is cached by
 * the array's identity).
 */
const withoutServerFiles = new WeakMap<readonly ToolDefinition[], readonly ToolDefinition[]>();

function offeredTools(
  tools: readonly ToolDefinition[],
  access: CredentialFileAccess,
): readonly ToolDefinition[] {
  if (access.kind !== "none") return tools;
  let offered = withoutServerFiles.get(tools);
  if (offered === undefined) {
    offered = tools.map((tool) =>
      tool.inputWithoutServerFiles ? { ...tool, input: tool.inputWithoutServerFiles } : tool,
    );
    withoutServerFiles.set(tools, offered);
  }
  return offered;
}

export function createServer(options: ServerOptions): McpServer {
  const fileAccess = options.credentialFiles ?? LOCAL_FILES;
  const tools = offeredTools(options.tools ?? ALL_TOOLS, fileAccess);
  const scope = new ServiceScope(options.services);
  const confirmMode = options.confirm ?? "always";
  const server = new McpServer(SERVER_INFO, {
    instructions: serverInstructions({
      demo: options.demo ?? false,
      tools,
      confirm: confirmMode,
      scope: scope.services,
    }),
    capabilities: { logging: {} },
    jsonSchemaValidator: (validator ??= new AjvJsonSchemaValidator()),
  });
  const now = options.now ?? (() => new Date());
  const tokens =
    options.confirmationTokens ??
    new ConfirmationTokens(options.confirmationKey, () => now().getTime());
  const deadlineMs = options.deadlineMs ?? 120_000;

  for (const tool of tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: tool.output,
        annotations: annotationsFor(tool.kind),
      },
      // The SDK has already validated args against tool.input.
      async (args, extra): Promise<CallToolResult> => {
        const secrets = [...(options.secrets ?? [])];
        const signals = [extra.signal, AbortSignal.timeout(deadlineMs)];
        if (options.shutdownSignal) signals.push(options.shutdownSignal);
        const signal = AbortSignal.any(signals);
        if (options.inFlight) options.inFlight.count += 1;
        const started = performance.now();
        // The sink of the call's start: metrics switched on meanwhile must not see only its end.
        const sink = metrics();
        sink.toolCallStarted();
        let ended = false;
        const counted = options.onToolCall ? countingApi(options.api) : undefined;
        const logged = (result: CallToolResult): CallToolResult => {
          if (ended) return result;
          ended = true;
          const outcome = callOutcome(result, extra.signal);
          sink.toolCallEnded(tool.name, outcome, (performance.now() - started) / 1000);
          options.onToolCall?.({ tool: tool.name, outcome, upstream: counted?.count() ?? 0 });
          return result;
        };
        try {
          const output = await withTraceparent(traceparentOf(extra._meta), () =>
            tool.run(args, {
              api: counted?.api ?? options.api,
              signal,
              now,
              progress: progressReporter(extra),
              scope,
              confirm: createConfirmGate(confirmMode, tokens, userAsker(server.server, signal)),
              registerSecret: (value) => secrets.push(value),
              readCredentialsFile: (path) => readCredentialsFile(path, fileAccess),
            }),
          );
          const fields = tool.skipSecretFieldScan
            ? output.structured
            : withoutSecretFields(output.structured);
          // The API's text is a stranger's: a key or credentials it echoes in any field are
          // scrubbed from the structured result as from the text, whatever the field's name.
          return logged({
            structuredContent: holdsSecret(fields, secrets)
              ? redactValues(fields, secrets)
              : fields,
            content: [{ type: "text", text: redact(output.text, secrets) }],
          });
        } catch (error) {
          return logged(errorResult(error, tool, secrets));
        } finally {
          if (options.inFlight) options.inFlight.count -= 1;
        }
      },
    );
  }
  // Replaces the SDK's tools/list handler, which rebuilds every JSON schema on each call.
  const toolList = toolListFor(tools);
  server.server.setRequestHandler(ListToolsRequestSchema, () => toolList);
  const prompts = registerPrompts(server, tools, { api: options.api, scope });
  // The SDK announces list changes on registering; the lists here are fixed for the
  // server's life (and over HTTP there is no session to send a change on).
  server.server.registerCapabilities({
    tools: { listChanged: false },
    ...(prompts > 0 && { prompts: { listChanged: false } }),
  });
  return server;
}

/** Every hint is set explicitly: clients treat a missing hint as the unsafe default. */
function annotationsFor(kind: ToolKind): ToolAnnotations {
  const readOnly = kind === "read";
  return {
    readOnlyHint: readOnly,
    destructiveHint: kind === "update" || kind === "delete" || kind === "overwrite",
    // Repeating a create makes a second schedule, an overwrite a second restore; the rest converge.
    idempotentHint: kind !== "create" && kind !== "overwrite",
    openWorldHint: true,
  };
}

/**
 * What the server says about itself on initialize (serverInfo): a title and
 * a one-line description a client can show in its server list, and an icon.
 * The icon is an inline SVG (a database drum with a clock hand), so no client
 * has to fetch anything from a host it does not know. websiteUrl is package.json's
 * homepage, the page the registry entry (server.json) names too.
 */
const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><ellipse cx="14" cy="7" rx="10" ry="4" fill="#1f6feb"/><path d="M4 7v16c0 2.2 4.5 4 10 4s10-1.8 10-4V7c0 2.2-4.5 4-10 4S4 9.2 4 7z" fill="#1f6feb" opacity=".8"/><circle cx="24" cy="23" r="7" fill="#fff" stroke="#1f6feb" stroke-width="2"/><path d="M24 19v4l3 2" stroke="#1f6feb" stroke-width="2" fill="none"/></svg>';

const SERVER_INFO: Implementation = {
  name: "skybackup-mcp",
  title: SERVER_TITLE,
  version: VERSION,
  ...(HOMEPAGE === undefined ? {} : { websiteUrl: HOMEPAGE }),
  description:
    "Backups, schedules, restores and restore drills of MariaDB Cloud (SkySQL), with a posture audit and restore planning",
  icons: [
    {
      src: `data:image/svg+xml;base64,${Buffer.from(ICON_SVG).toString("base64")}`,
      mimeType: "image/svg+xml",
      sizes: ["any"],
    },
  ],
};

/**
 * Sent on initialize: which tool answers which question, and the safety
 * rules in force. Each tool brings its own line, so a tool that is not
 * registered is never mentioned.
 */
interface InstructionOptions {
  demo: boolean;
  tools: readonly ToolDefinition[];
  confirm: ConfirmMode;
  scope: readonly string[] | undefined;
}

function serverInstructions(options: InstructionOptions): string {
  const reads = options.tools.filter((tool) => tool.kind === "read");
  const writes = options.tools.filter((tool) => tool.kind !== "read");
  const lines = [
    "MariaDB Cloud (SkySQL) backups. All times are UTC; service ids look like dbtgf28216706.",
    ...reads.map((tool) => tool.instruction),
    writes.length > 0
      ? `Changes: ${writes.map((tool) => tool.instruction).join(", ")}.`
      : "This server is read-only: it cannot create, change or delete schedules.",
  ];
  // Updates, deletes and overwrites go through the confirmation gate; a create is previewed by
  // nothing. A restore overwrites its target, so it previews even with --confirm never.
  const gated = writes.filter((tool) => tool.kind !== "create");
  const previewing = gated.filter(
    (tool) => options.confirm !== "never" || tool.kind === "overwrite",
  );
  const immediate = gated.filter((tool) => !previewing.includes(tool));
  const names = (tools: readonly ToolDefinition[]): string => tools.map((t) => t.name).join(", ");
  if (immediate.length > 0) {
    lines.push(
      `Confirmation is OFF (--confirm never): ${names(immediate)} run immediately, with no preview.`,
    );
  }
  if (previewing.length > 0) {
    lines.push(
      `${names(previewing)} first return a preview and a confirmation_token; show the preview, its warnings included, to the user and repeat the same call with confirmation_token only after they agree.`,
    );
  }
  if (options.scope) lines.push(`Only these services are accessible: ${options.scope.join(", ")}.`);
  if (options.demo) {
    lines.unshift(
      "DEMO MODE: data comes from a local emulator with generated demo data, not a real MariaDB Cloud account; changes stay in that emulator and vanish when the server stops.",
    );
  }
  return lines.join("\n");
}

/**
 * tools/list, computed once. The SDK converts every zod schema to JSON
 * Schema again on each tools/list; these never change, so the answer is
 * built at start-up. It also drops each schema's "$schema" line: every word
 * here is paid for in every conversation, and that one tells a model nothing.
 * Every field is typed, output schemas' too, so a client that checks schema
 * portability (the MCP Inspector's --strict) finds nothing to warn about.
 */
/**
 * Each schema is converted once per process, whatever list it is in: team
 * mode narrows the tools per request, and a new selection must not cost the
 * conversion again. Keyed by the schema, so bounded by the tools there are.
 */
const jsonSchemas = {
  input: new WeakMap<z.ZodObject, Tool["inputSchema"]>(),
  output: new WeakMap<z.ZodObject, Tool["inputSchema"]>(),
};

function jsonSchema(schema: z.ZodObject, io: "input" | "output"): Tool["inputSchema"] {
  seedFromBuild();
  let json = jsonSchemas[io].get(schema);
  if (json === undefined) {
    json = convert(schema, io);
    jsonSchemas[io].set(schema, json);
  }
  return json;
}

function convert(schema: z.ZodObject, io: "input" | "output"): Tool["inputSchema"] {
  const converted = z.toJSONSchema(schema, { target: "draft-7", io, unrepresentable: "any" });
  const cleaned = withoutNoise(converted);
  const out = cleaned as Record<string, unknown>;
  delete out.$schema;
  return { ...out, type: "object" };
}

/**
 * `additionalProperties: {}` (what a loose zod object becomes) is JSON
 * Schema's default anyway, and so are an integer's safe-integer bounds
 * (what zod's int() writes when no other is given), and an object's empty
 * `properties`: dropping them changes no meaning and saves tokens.
 */
function withoutNoise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutNoise);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    const isEmptyObject =
      typeof value === "object" && value !== null && Object.keys(value).length === 0;
    if (
      (key === "additionalProperties" || key === "properties") &&
      isEmptyObject &&
      !Array.isArray(value)
    )
      continue;
    if (key === "maximum" && value === Number.MAX_SAFE_INTEGER) continue;
    if (key === "minimum" && value === Number.MIN_SAFE_INTEGER) continue;
    out[key] = withoutNoise(value);
  }
  return out;
}

interface ToolSchemas {
  input: Tool["inputSchema"];
  output: Tool["inputSchema"];
  /** Team mode's input where the server reads no files for its callers. */
  inputWithoutServerFiles?: Tool["inputSchema"];
}

/** Every tool's JSON schemas, by name: what the build computes ahead. */
export function toolSchemas(tools: readonly ToolDefinition[]): Record<string, ToolSchemas> {
  return Object.fromEntries(
    tools.map((tool) => [
      tool.name,
      {
        input: jsonSchema(tool.input, "input"),
        output: jsonSchema(tool.output, "output"),
        ...(tool.inputWithoutServerFiles && {
          inputWithoutServerFiles: jsonSchema(tool.inputWithoutServerFiles, "input"),
        }),
      },
    ]),
  );
}

/**
 * The build converts every tool's schemas ahead with toolSchemas above
 * (scripts/build.mjs) and writes them into the bundle as one JSON string, so a
 * start parses them instead of converting some thirty zod schemas: about 16 ms
 * of the first answer. They seed the conversion cache under the very zod
 * objects they were made from, so a schema the build did not see (a tool
 * changed in a test) is converted as before, never given another's JSON. The
 * sources (the tests) have none; process tests hold the built lists to the
 * converted ones, over stdio and in team mode.
 */
declare const __SKYBACKUP_TOOL_SCHEMAS__: string | undefined;
let seeded = false;

function seedFromBuild(): void {
  if (seeded || typeof __SKYBACKUP_TOOL_SCHEMAS__ !== "string") return;
  seeded = true;
  const built = JSON.parse(__SKYBACKUP_TOOL_SCHEMAS__) as Record<string, ToolSchemas | undefined>;
  for (const tool of ALL_TOOLS) {
    const entry = built[tool.name];
    if (entry === undefined) continue;
    jsonSchemas.input.set(tool.input, entry.input);
    jsonSchemas.output.set(tool.output, entry.output);
    if (tool.inputWithoutServerFiles && entry.inputWithoutServerFiles)
      jsonSchemas.input.set(tool.inputWithoutServerFiles, entry.inputWithoutServerFiles);
  }
}

function buildToolList(tools: readonly ToolDefinition[]): { tools: Tool[] } {
  return {
    tools: tools.map((tool) => ({
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: jsonSchema(tool.input, "input"),
      outputSchema: jsonSchema(tool.output, "output"),
      annotations: annotationsFor(tool.kind),
    })),
  };
}

const built = new WeakMap<readonly ToolDefinition[], { tools: Tool[] }>();

/** One tools/list per tool selection: team mode makes a server per request, with the operator's selection or a request's narrower one. */
function toolListFor(tools: readonly ToolDefinition[]): { tools: Tool[] } {
  let list = built.get(tools);
  if (list === undefined) {
    list = buildToolList(tools);
    built.set(tools, list);
  }
  return list;
}

/**
 * The one place a failure becomes a tool result. The text is what an agent
 * acts on: what was called, what the API said, and what to do next. Known
 * secrets are scrubbed from it as a last line of defence.
 */
function errorResult(
  error: unknown,
  tool: ToolDefinition,
  secrets: readonly string[],
): CallToolResult {
  return {
    isError: true,
    content: [{ type: "text", text: redact(errorText(error, tool), secrets) }],
  };
}

function errorText(error: unknown, tool: ToolDefinition): string {
  if (error instanceof ApiError) {
    const advice = [
      error.outcomeUnknown ? tool.unknownOutcomeHint : undefined,
      error.hint,
      error.status !== undefined ? tool.statusHints?.[error.status] : undefined,
    ];
    return [`${tool.name} failed: ${error.message}.`, ...advice.filter(Boolean)].join(" ");
  }
  if (error instanceof PartialWriteError) return `${tool.name} failed: ${error.message}`;
  if (error instanceof ToolError) return `${tool.name}: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return `${tool.name} failed unexpectedly: ${message}`;
}

/**
 * The MCP-facing pieces of a tool call's context: progress notifications and
 * asking the user through elicitation. Kept beside server.ts, the only other
 * module that knows about MCP.
 */
type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

function progressReporter(
  extra: Extra,
): (done: number, total: number | undefined, message?: string) => void {
  const token = extra._meta?.progressToken;
  if (token === undefined) return () => undefined;
  return (progress, total, message) => {
    void extra
      .sendNotification({
        method: "notifications/progress",
        params: {
          progressToken: token,
          progress,
          ...(total !== undefined && { total }),
          ...(message && { message }),
        },
      })
      .catch(() => undefined);
  };
}

/** Asks through elicitation when the client declared it; otherwise undefined (the gate then previews). */
function userAsker(server: Server, signal: AbortSignal): AskUser {
  return (message) => {
    if (!server.getClientCapabilities()?.elicitation) return undefined;
    return server
      .elicitInput(
        {
          message,
          requestedSchema: {
            type: "object",
            // The message carries the preview; the field only asks, so a form does not show it twice.
            properties: {
              confirm: {
                type: "boolean",
                title: "Go ahead?",
                description: "Yes to go ahead as described above; no changes nothing.",
              },
            },
            required: ["confirm"],
          },
        },
        { signal },
      )
      .then((result) => result.action === "accept" && result.content?.confirm === true);
  };
}

/**
 * What a tool call leaves in the access log: the tool, how it ended and how
 * many API operations it made (the log line has the request's own time).
 * Never its arguments, which may hold storage credentials.
 */
interface ToolCallRecord {
  tool: string;
  /** ok; preview (a change shown, not made); error (an error result); cancelled (the client went). */
  outcome: "ok" | "preview" | "error" | "cancelled";
  /** API operations the call made (each page one; retries of one operation not counted). */
  upstream: number;
}

type ToolCallLog = (record: ToolCallRecord) => void;

/** The API client as the call sees it, counting each operation it starts. */
function countingApi(api: BackupsApi): { api: BackupsApi; count: () => number } {
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

function callOutcome(result: CallToolResult, signal: AbortSignal): ToolCallRecord["outcome"] {
  if (result.isError) return signal.aborted ? "cancelled" : "error";
  const fields = result.structuredContent;
  return fields?.confirmation_required === true ? "preview" : "ok";
}
