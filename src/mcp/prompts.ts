/**
 * Prompts: ready-made starting points a user can pick in their assistant.
 * Each tells the model which tool answers the question, so one call does.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const userMessage = (text: string) => ({
  messages: [{ role: "user" as const, content: { type: "text" as const, text } }],
});

export function registerPrompts(server: McpServer, tools: readonly string[]): void {
  const has = (name: string) => tools.includes(name);
  if (has("audit_backups")) {
    server.registerPrompt(
      "audit-backups",
      {
        title: "Audit backup posture",
        description: "Which databases lack a good recent backup, and what to do about it",
      },
      () =>
        userMessage(
          "Audit my MariaDB Cloud backups with audit_backups (one call). Start with the verdict, then list each critical and warning finding with the service and the fix. Do not page through list_backups yourself.",
        ),
    );
  }
  if (has("list_backup_schedules") && has("create_backup_schedule")) {
    server.registerPrompt(
      "schedule-backups",
      {
        title: "Schedule backups for a service",
        description:
          "Review a service's schedules and propose nightly full + point-in-time coverage",
        argsSchema: { service_id: z.string().describe("Service id, e.g. dbtgf28216706") },
      },
      ({ service_id }) =>
        userMessage(
          `Look at the backup schedules of ${service_id} with list_backup_schedules. If it lacks a nightly full backup or hourly binary-log backups for point-in-time recovery, propose create_backup_schedule calls (5-field UTC cron, e.g. "0 2 * * *"), show them to me, and create them only after I agree. Never create a duplicate.`,
        ),
    );
  }
  if (has("plan_restore")) {
    server.registerPrompt(
      "plan-restore",
      {
        title: "Plan a restore to a point in time",
        description: "Can this service be restored to that moment, and with which backups",
        argsSchema: {
          service_id: z.string().describe("Service id, e.g. dbtgf28216706"),
          target_time: z.string().describe('UTC time, e.g. "2026-11-26 14:05:00", or "latest"'),
        },
      },
      ({ service_id, target_time }) =>
        userMessage(
          `Use plan_restore for ${service_id} at ${target_time} (UTC). Tell me whether that moment is reachable, the exact point, and the ordered chain of backup ids; if not, why and the nearest restorable points before and after.`,
        ),
    );
  }
}
