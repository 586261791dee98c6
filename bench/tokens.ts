/**
 * Tokens the server puts into the model's context: each tool as the model
 * sees it, on every session, and
 * the text of a 100-backup list_backups page against the raw API JSON of the
 * same page. Counted with gpt-tokenizer's o200k_base (GPT-4o family); other
 * models' tokenizers differ by some percent, not in the ratios.
 *
 * What a model is given of a tool is the host's choice. Claude Code gives it
 * name, description and inputSchema, and drops outputSchema, which the
 * client uses to check results (anthropics/claude-code#54197; opencode and
 * MCPJam do the same); some clients, Codex CLI among them, forward
 * outputSchema too. So the budget is on the part every host sends, and the
 * whole tools/list is reported beside it, under a budget of its own.
 */
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { startEmulator } from "../test/helpers/emulator.js";
import {
  API_KEY,
  serverEnv,
  verdict,
  type BenchContext,
  type SectionResult,
} from "./lib/context.js";
import { DirectApi, backupsPage } from "./lib/direct.js";
import { callTool, initialize, spawnRpc } from "./lib/rpc.js";
import { pct } from "./lib/stats.js";
import { printTable } from "./lib/table.js";

const ENCODING = "o200k_base";
const PAGE_SIZE = 100;
/** name + description + inputSchema, per tool on average: what every host gives the model. */
const TARGET_PER_TOOL = 300;
/** The whole tools/list entry (with outputSchema and annotations), for hosts that forward it all. */
const TARGET_WHOLE_PER_TOOL = 550;
const TARGET_PAGE_RATIO = 0.4;
/** Issue 17's budget for the demo audit's text, with every control. */
const TARGET_AUDIT_TOKENS = 1100;

interface ToolShape {
  readonly name: string;
  readonly description?: string;
  readonly inputSchema?: unknown;
  readonly outputSchema?: unknown;
}

export async function benchTokens(ctx: BenchContext): Promise<SectionResult> {
  const emulator = await startEmulator({ apiKey: API_KEY });
  const direct = new DirectApi(emulator.url);
  const server = spawnRpc(ctx.serverBin, { args: [], env: serverEnv(emulator.url) });
  try {
    const init = await initialize(server);
    const instructions =
      typeof init.result?.instructions === "string" ? init.result.instructions : "";
    const list = await server.request("tools/list");
    const tools = (list.result?.tools ?? []) as ToolShape[];
    const perTool = tools.map((tool) => ({
      name: tool.name,
      model: countTokens(
        JSON.stringify({
          name: tool.name,
          description: tool.description,
          input_schema: tool.inputSchema,
        }),
      ),
      bytes: bytes(JSON.stringify(tool)),
      tokens: countTokens(JSON.stringify(tool)),
      description: countTokens(tool.description ?? ""),
      input: countTokens(JSON.stringify(tool.inputSchema ?? {})),
      output: countTokens(JSON.stringify(tool.outputSchema ?? {})),
    }));
    const totalJson = JSON.stringify({ tools });
    const total = { bytes: bytes(totalJson), tokens: countTokens(totalJson) };
    const average = tools.length > 0 ? total.tokens / tools.length : NaN;
    const modelTotal = perTool.reduce((sum, t) => sum + t.model, 0);
    const modelAverage = tools.length > 0 ? modelTotal / tools.length : NaN;

    printTable(
      `Tokens: tools/list (${ENCODING}; a tool = its JSON in tools/list)`,
      ["tool", "bytes", "tokens", "model sees", "description", "inputSchema", "outputSchema"],
      [
        ...[...perTool]
          .sort((a, b) => b.tokens - a.tokens)
          .map((t) => [
            t.name,
            n(t.bytes),
            n(t.tokens),
            n(t.model),
            n(t.description),
            n(t.input),
            n(t.output),
          ]),
        [
          `total (${tools.length} tools)`,
          n(total.bytes),
          n(total.tokens),
          n(modelTotal),
          "",
          "",
          "",
        ],
        ["average per tool", "", n(Math.round(average)), n(Math.round(modelAverage)), "", "", ""],
        [
          "instructions (initialize)",
          n(bytes(instructions)),
          n(countTokens(instructions)),
          n(countTokens(instructions)),
          "",
          "",
          "",
        ],
      ],
    );

    const call = await callTool(server, "list_backups", { page: 1, page_size: PAGE_SIZE });
    const raw = await direct.text(backupsPage(1, PAGE_SIZE));
    const text = call.content?.find((c) => c.type === "text")?.text ?? "";
    const structured = JSON.stringify(call.structuredContent ?? {});
    const page = {
      textTokens: countTokens(text),
      textBytes: bytes(text),
      rawTokens: countTokens(raw),
      rawBytes: bytes(raw),
      structuredTokens: countTokens(structured),
    };
    const ratio = page.textTokens / page.rawTokens;
    printTable(
      `Tokens: one list_backups page of ${PAGE_SIZE} backups`,
      ["form", "bytes", "tokens", "vs raw JSON"],
      [
        ["text block (what the model reads)", n(page.textBytes), n(page.textTokens), pct(ratio)],
        ["raw API JSON of the page", n(page.rawBytes), n(page.rawTokens), "100.0%"],
        [
          "structuredContent",
          n(bytes(structured)),
          n(page.structuredTokens),
          pct(page.structuredTokens / page.rawTokens),
        ],
      ],
    );

    // The demo data (the emulator's default set, anchored to now), as `--demo audit` prints it.
    const auditCall = await callTool(server, "audit_backups", {});
    const auditText = auditCall.content?.find((c) => c.type === "text")?.text ?? "";
    const audit = { bytes: bytes(auditText), tokens: countTokens(auditText) };
    printTable(
      "Tokens: audit_backups on the demo data (text block)",
      ["lines", "bytes", "tokens"],
      [[n(auditText.split("\n").length), n(audit.bytes), n(audit.tokens)]],
    );

    const heaviest = [...perTool].sort((a, b) => b.tokens - a.tokens)[0];
    const heaviestForModel = [...perTool].sort((a, b) => b.model - a.model)[0];
    return {
      name: "tokens",
      figures: {
        encoding: ENCODING,
        toolsList: {
          tools: tools.length,
          ...total,
          averageTokensPerTool: Math.round(average),
          modelTokens: modelTotal,
          averageModelTokensPerTool: Math.round(modelAverage),
        },
        perTool,
        instructionsTokens: countTokens(instructions),
        listBackupsPage: { pageSize: PAGE_SIZE, ...page, ratio: Number(ratio.toFixed(3)) },
        demoAudit: audit,
      },
      checks: [
        {
          figure: `tokens the model sees per tool (${tools.length} tools)`,
          value: `${Math.round(modelAverage)} avg, ${n(modelTotal)} total (max ${heaviestForModel?.name} ${heaviestForModel?.model})`,
          target: `<= ${TARGET_PER_TOOL} avg`,
          outcome: verdict(modelAverage <= TARGET_PER_TOOL),
        },
        {
          figure: "whole tools/list entry per tool (with outputSchema)",
          value: `${Math.round(average)} avg, ${n(total.tokens)} total (max ${heaviest?.name} ${heaviest?.tokens})`,
          target: `<= ${TARGET_WHOLE_PER_TOOL} avg`,
          outcome: verdict(average <= TARGET_WHOLE_PER_TOOL),
        },
        {
          figure: `list_backups ${PAGE_SIZE} text vs raw JSON`,
          value: `${n(page.textTokens)} / ${n(page.rawTokens)} tokens = ${pct(ratio)}`,
          target: `<= ${pct(TARGET_PAGE_RATIO)}`,
          outcome: verdict(ratio <= TARGET_PAGE_RATIO),
        },
        {
          figure: "demo audit_backups text, tokens",
          value: n(audit.tokens),
          target: `<= ${n(TARGET_AUDIT_TOKENS)}`,
          outcome: verdict(audit.tokens <= TARGET_AUDIT_TOKENS),
        },
      ],
    };
  } finally {
    await server.close();
    await direct.close();
    await emulator.close();
  }
}

const bytes = (text: string): number => Buffer.byteLength(text, "utf8");
const n = (x: number): string => x.toLocaleString("en-US");
