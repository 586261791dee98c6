import { describe, expect, it } from "vitest";
import { SCENARIOS } from "../helpers/emulator.js";
import { runCli } from "../helpers/spawn.js";

describe("the command line", () => {
  it("--demo audit prints the verdict first and exits 2 on critical findings", async () => {
    const { code, stdout } = await runCli(["--demo", "audit"]);
    expect(code).toBe(2);
    expect(stdout.split("\n")[0]).toMatch(/^CRITICAL: \d+ of 9 services need attention/);
    // Each service's findings sit under its line.
    const lines = stdout.split("\n");
    const at = lines.findIndex((l) => l.startsWith(`${SCENARIOS.stopped} `));
    expect(lines[at]).toContain(" CRITICAL · ");
    expect(lines[at + 1]).toMatch(/^- critical stale: Restorable only to /);
  });

  it("audit of a healthy service exits 0, and --json gives the structured verdict", async () => {
    const healthy = await runCli(["--demo", "audit", "--services", SCENARIOS.healthy]);
    expect(healthy.stdout.split("\n")[0]).toMatch(/^OK: /);
    expect(healthy.code).toBe(0);
    const json = await runCli([
      ...["--demo", "audit", "--json", "--max-age-hours", "48"],
      ...["--lookback-days", "30", "--max-full-age-days", "10"],
    ]);
    const report = JSON.parse(json.stdout) as {
      verdict: string;
      max_age_hours: number;
      lookback_days: number;
      max_full_age_days: number;
      findings: unknown[];
    };
    expect(report.verdict).toBe("critical");
    expect(report).toMatchObject({ max_age_hours: 48, lookback_days: 30, max_full_age_days: 10 });
    expect(report.findings.length).toBeGreaterThan(0);
  });

  it("audit exits 1 when the worst finding is a warning", async () => {
    const { code, stdout } = await runCli(["--demo", "audit", "--services", SCENARIOS.binlogGap]);
    expect(stdout.split("\n")[0]).toMatch(/^WARNING: /);
    expect(code).toBe(1);
  });

  it("--require-restore-drill-days turns an old drill into a warning (exit 1)", async () => {
    const args = ["--demo", "audit", "--json", "--services"];
    const pair = `${SCENARIOS.healthy},${SCENARIOS.restoreTarget}`;
    type Report = {
      restore_drill_days: number;
      findings: { service_id: string; kind: string; severity: string }[];
    };
    const drills = (r: Report): string[] =>
      r.findings
        .filter((f) => f.kind === "restore_unproven")
        .map((f) => `${f.service_id} ${f.severity}`);
    // orders-prod was drilled 26 days ago: within 30, not within 20.
    const month = await runCli([...args, pair, "--require-restore-drill-days", "30"]);
    const monthly = JSON.parse(month.stdout) as Report;
    expect(monthly.restore_drill_days).toBe(30);
    expect(drills(monthly)).toEqual([`${SCENARIOS.restoreTarget} warning`]);
    const strict = await runCli([...args, SCENARIOS.healthy, "--require-restore-drill-days", "20"]);
    expect(drills(JSON.parse(strict.stdout) as Report)).toEqual([`${SCENARIOS.healthy} warning`]);
    expect(strict.code).toBe(1);
  });

  it("call prints a tool's text, --json its structured result, and exits 1 on an error result", async () => {
    const text = await runCli([
      "--demo",
      "call",
      "list_backup_schedules",
      `{"service_id":"${SCENARIOS.healthy}"}`,
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      new RegExp(`^Schedules of ${SCENARIOS.healthy}: showing \\d+ of \\d+ \\(1-`),
    );
    const json = await runCli(["--demo", "call", "list_backups", '{"page_size":3}', "--json"]);
    expect((JSON.parse(json.stdout) as { backups: unknown[] }).backups).toHaveLength(3);
    const missing = await runCli(["--demo", "call", "get_backup_schedule", '{"id":999999}']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("404 Not Found");
    expect(missing.stdout).toBe("");
  });

  it.each([
    [["--demo", "call"], "call needs a tool name"],
    [["--demo", "call", "list_backups", "{page:1}"], "not valid JSON"],
    [["--demo", "call", "list_backups", "[1]"], "must be a JSON object"],
    [["--demo", "audit", "--max-age-hours", "0"], "--max-age-hours must be between 1 and 8760"],
    [["--demo", "audit", "--lookback-days", "91"], "--lookback-days must be between 1 and 90"],
    [["--demo", "audit", "--max-full-age-days", "x"], "--max-full-age-days must be a whole number"],
    [
      ["--demo", "audit", "--require-restore-drill-days", "0"],
      "--require-restore-drill-days must be between 1 and 365",
    ],
  ])("%j is a usage error (exit 64)", async (args, message) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(64);
    expect(stderr).toContain(message);
  });
});
