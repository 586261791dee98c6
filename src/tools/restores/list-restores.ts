import { z } from "zod";
import {
  defineTool,
  page,
  pageSize,
  serviceId,
  type ToolContext,
  type ToolOutput,
} from "../define.js";
import { restorePageOutput } from "../outputs.js";
import { DEFAULT_MAX_ITEMS, wholeListFields, pageHeader, wholeListHeader } from "../lists.js";
import { readWholeList } from "../../paging/fetch-all.js";
import { requireKnownService } from "../lookups.js";
import type { Restore, RestorePage } from "../../api/records.js";
import { restoreLine, newestFirst } from "./restore-view.js";

const MAX_TEXT_LINES = 50;
const DEFAULT_PAGE_SIZE = 10;
const STATUSES = ["Running", "Succeeded", "Failed", "Cancelled"] as const;

export const listRestores = defineTool({
  name: "list_restores",
  title: "List restores",
  description: "Restores into a target service, newest first.",
  kind: "read",
  instruction: "Restores into a service: list_restores.",
  input: z.strictObject({
    service_id: serviceId,
    status: z.enum(STATUSES).optional().describe("Only this status"),
    page,
    page_size: pageSize,
    ...wholeListFields,
  }),
  output: restorePageOutput,
  async run(args, ctx) {
    ctx.scope.check(args.service_id);
    const noun = `Restores into ${args.service_id}`;
    const wanted = args.status?.toLowerCase();
    const matches = wanted ? (r: Restore) => r.status?.toLowerCase() === wanted : undefined;
    const details = ["newest first", ...(args.status ? [`status=${args.status}`] : [])];
    const pageNo = args.page ?? 1;
    const size = args.page_size ?? DEFAULT_PAGE_SIZE;
    if (args.all_pages || matches) {
      const maxItems = args.all_pages ? (args.max_items ?? DEFAULT_MAX_ITEMS) : pageNo * size;
      const whole = await readWholeList(
        (p, page_size, signal) => fetchPage(args.service_id, p, page_size, ctx, signal),
        { maxItems, filter: matches, signal: ctx.signal, progress: ctx.progress, idOf: idText },
      );
      const items = newestFirst(whole.items);
      if (args.all_pages) {
        const header = wholeListHeader(noun, whole, maxItems, details);
        const output = listOutput(header, items, whole.matched, 1);
        return explainEmpty(output, args.service_id, whole.reported, args.status, ctx);
      }
      const rows = items.slice((pageNo - 1) * size, pageNo * size);
      const pages = Math.ceil(whole.matched / size);
      const header = pageHeader(
        { noun, shown: rows.length, total: whole.matched, page: pageNo, pageSize: size, pages },
        details,
      );
      const output = listOutput(header, rows, whole.matched, pages);
      return explainEmpty(output, args.service_id, whole.reported, args.status, ctx);
    }
    const got = await fetchPage(args.service_id, pageNo, size, ctx, ctx.signal);
    const rows = newestFirst(got.items);
    const total = Math.max(got.total, rows.length);
    const header = pageHeader(
      { noun, shown: rows.length, total, page: pageNo, pageSize: size, pages: got.pages },
      details,
    );
    const output = listOutput(header, rows, total, got.pages);
    return explainEmpty(output, args.service_id, total, undefined, ctx);
  },
});

const idText = (r: Restore): string | undefined => (r.id === undefined ? undefined : String(r.id));

function fetchPage(
  service_id: string,
  p: number,
  page_size: number,
  ctx: ToolContext,
  signal: AbortSignal,
): Promise<RestorePage> {
  return ctx.api.listRestores({ service_id, page: p, page_size, order: "desc" }, { signal });
}

function listOutput(header: string, rows: Restore[], count: number, pages: number): ToolOutput {
  const shown = rows.slice(0, MAX_TEXT_LINES);
  const more =
    shown.length < rows.length ? [`(${rows.length - shown.length} more in structuredContent)`] : [];
  return {
    structured: { restores: rows, restores_count: count, pages_count: pages },
    text: [header, ...shown.map(restoreLine), ...more].join("\n"),
  };
}

/**
 * The API answers an unknown service with an empty list, like a service never
 * restored into: tell them apart (tools/lookups.ts), and say why a filtered
 * list is empty.
 */
async function explainEmpty(
  output: ToolOutput,
  serviceId: string,
  reported: number,
  status: string | undefined,
  ctx: ToolContext,
): Promise<ToolOutput> {
  if (reported > 0) {
    if (status === undefined || (output.structured.restores as unknown[]).length > 0) return output;
    return { ...output, text: `${output.text}\nNone is ${status} (${reported} restores in all).` };
  }
  await requireKnownService(serviceId, ctx);
  return { ...output, text: `${output.text}\nNothing has been restored into ${serviceId}.` };
}
