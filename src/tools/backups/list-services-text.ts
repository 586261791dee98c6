/** list_services' text: a header that says how the list was found and what it cannot see, then one line per service. */
import { parseApiTime } from "../../util/time.js";
import { utcMinutes } from "../../util/format.js";
import { invalidApiIdText } from "../../util/ids.js";
import type { ServiceSummary } from "./service-census.js";
import { quoted } from "../../util/untrusted-text.js";

/** An account of odd ids still gets a short answer; the full list is in structuredContent. */
const MAX_UNSENDABLE_LINES = 10;

export interface ServicesTextInput {
  services: readonly ServiceSummary[];
  total: number;
  backupsRead: number;
  unattributed: number;
  /** Ids in --services with neither a backup nor a schedule. */
  untraced: readonly string[];
  /** Service ids from the API that fail the id rules: their schedules were not read. */
  unsendable: readonly string[];
  scoped: boolean;
}

export function servicesText(input: ServicesTextInput): string {
  const { services, total } = input;
  const where = input.scoped ? " in this server's scope (--services)" : "";
  const lines = [
    `Services${where}: ${total}, found from ${input.backupsRead} backups and their schedules; newest activity first; times are points in time (what a restore reaches).` +
      " The API has no service list: a service with no backups yet is not found here.",
  ];
  if (services.length < total) {
    lines.push(`Showing the ${services.length} most recently active of ${total}.`);
  }
  if (input.unattributed > 0) {
    lines.push(`${input.unattributed} backups carry no service id and are not counted.`);
  }
  lines.push(...services.map(serviceLine));
  for (const id of input.untraced) {
    lines.push(`${id}: no backups or schedules are known: check the id in --services.`);
  }
  for (const id of input.unsendable.slice(0, MAX_UNSENDABLE_LINES)) {
    lines.push(`${invalidApiIdText("service", id)}; its schedules were not read.`);
  }
  const more = input.unsendable.length - MAX_UNSENDABLE_LINES;
  if (more > 0)
    lines.push(`${more} more service ids from the API are not valid (structuredContent).`);
  return lines.join("\n");
}

/** "dbtgf28216706 orders-prod · gcp · last success 2026-11-29 18:01 UTC (full) · 412 backups · schedules 3 active, 1 suspended" */
function serviceLine(service: ServiceSummary): string {
  const parts = [
    service.service_name
      ? `${service.service_id} ${quoted(service.service_name)}`
      : service.service_id,
    service.cloud_provider ?? "cloud ?",
    lastSuccess(service),
    `${service.backups_count} backup${service.backups_count === 1 ? "" : "s"}`,
    schedules(service.schedules),
  ];
  return parts.join(" · ");
}

function lastSuccess(service: ServiceSummary): string {
  const ms = parseApiTime(service.last_success?.time);
  if (service.last_success === undefined || ms === undefined) return "no successful backup";
  const success = `last success ${utcMinutes(ms)} (${service.last_success.type})`;
  // Said only when a restore cannot reach the newest success (its full failed, a binlog gap).
  const point = parseApiTime(service.last_restorable?.time);
  if (point === ms) return success;
  return `${success}, ${point === undefined ? "no restorable point" : `restorable only to ${utcMinutes(point)}`}`;
}

function schedules(counts: ServiceSummary["schedules"]): string {
  if (counts === undefined) return "schedules not read";
  const once = counts.once ?? 0;
  if (counts.active + counts.suspended + once === 0) return "no schedules";
  const parts: string[] = [];
  if (counts.active > 0) parts.push(`${counts.active} active`);
  if (counts.suspended > 0) parts.push(`${counts.suspended} suspended`);
  if (once > 0) parts.push(`${once} one-time`);
  return `schedules ${parts.join(", ")}`;
}
