/**
 * A one-time backup started while another backup of the service is running
 * queues behind it or competes with it; the assistant should say so. A
 * failed check fails the call before anything is created: an API that cannot
 * answer a read will not take the write either.
 */
import { apiTimeText } from "../../util/format.js";
import type { ToolContext } from "../define.js";

export async function runningBackupWarning(serviceId: string, ctx: ToolContext): Promise<string[]> {
  const page = await ctx.api.listBackups(
    { service_id: serviceId, status: "Running", page: 1, page_size: 20 },
    { signal: ctx.signal },
  );
  // The API's filters are not trusted: check each record.
  const running = page.backups.filter(
    (b) => b.service_id === serviceId && (b.status ?? "").toLowerCase() === "running",
  );
  if (running.length === 0) return [];
  const first = running[0]!;
  return [
    `another backup of ${serviceId} is already Running (${first.type ?? "?"} ${first.id ?? "?"}, started ${first.start_time === undefined ? "at an unknown time" : apiTimeText(first.start_time)}${running.length > 1 ? `, and ${running.length - 1} more` : ""}); this one will queue behind it or compete with it for the server.`,
  ];
}
