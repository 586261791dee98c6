/** The size rules' CLI flags come from AUDIT_LIMITS, as audit_backups' arguments do. */
import { describe, expect, it } from "vitest";
import { ConfigError, parseCommand } from "../../../src/config/config.js";

const KEY = { SKYSQL_API_KEY: "sk-test" };

describe("audit --suspect-shrink-percent and --growth-factor", () => {
  it("become audit_backups' suspect_shrink_percent and growth_factor", () => {
    const command = parseCommand(
      ["audit", "--suspect-shrink-percent", "90", "--growth-factor", "4"],
      KEY,
    );
    expect(command).toMatchObject({ auditArgs: { suspect_shrink_percent: 90, growth_factor: 4 } });
  });

  it("refuse values outside the tool's ranges", () => {
    expect(() => parseCommand(["audit", "--suspect-shrink-percent", "100"], KEY)).toThrow(
      new ConfigError("--suspect-shrink-percent must be between 1 and 99, got 100"),
    );
    expect(() => parseCommand(["audit", "--growth-factor", "1"], KEY)).toThrow(
      new ConfigError("--growth-factor must be between 2 and 100, got 1"),
    );
  });
});
