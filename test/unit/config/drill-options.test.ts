import { describe, expect, it } from "vitest";
import { ConfigError, parseCommand } from "../../../src/config/config.js";

const ENV = { SKYSQL_API_KEY: "k" };
const BASE = ["drill", "--source", "dbtgf28216706", "--target", "dbgsr10358824"];

describe("drill's flags", () => {
  it("read into a drill command, with latest, no yes and a 6 h wait by default", () => {
    const command = parseCommand(BASE, ENV);
    expect(command).toMatchObject({
      kind: "drill",
      json: false,
      drill: {
        source: "dbtgf28216706",
        target: "dbgsr10358824",
        time: "latest",
        yes: false,
        maxWaitMinutes: 360,
      },
    });
  });

  it("take every time form plan_restore takes, and --yes, --json, --max-wait-minutes", () => {
    for (const time of ["latest", "2026-11-26 14:05", "2026-11-26T14:05:00Z", "2026-11-26"]) {
      const command = parseCommand([...BASE, "--time", time, "--yes", "--json"], ENV);
      expect(command).toMatchObject({ kind: "drill", json: true, drill: { time, yes: true } });
    }
    expect(parseCommand([...BASE, "--time=-2h"], ENV)).toMatchObject({ drill: { time: "-2h" } });
    expect(parseCommand([...BASE, "--max-wait-minutes", "30"], ENV)).toMatchObject({
      drill: { maxWaitMinutes: 30 },
    });
  });

  it.each([
    [["drill", "--target", "dbgsr10358824"], /--source is not set/],
    [["drill", "--source", "dbtgf28216706"], /--target is not set/],
    [[...BASE, "--time", "yesterday"], /--time must be "latest" or/],
    [[...BASE, "--time", "2026-02-30"], /--time must be "latest" or/],
    [["drill", "--source", "a b", "--target", "dbgsr10358824"], /--source must be a service id/],
    [[...BASE, "--max-wait-minutes", "0"], /--max-wait-minutes must be between 1 and 1440/],
    [[...BASE, "extra"], /unexpected argument "extra"/],
  ])("refuse %j as a usage error", (argv, message) => {
    expect(() => parseCommand(argv, ENV)).toThrow(ConfigError);
    expect(() => parseCommand(argv, ENV)).toThrow(message);
  });

  it("need the API key like every command that calls the API", () => {
    expect(() => parseCommand(BASE, {})).toThrow(/SKYSQL_API_KEY is not set/);
    expect(parseCommand(["--demo", ...BASE], {})).toMatchObject({ kind: "drill" });
  });
});
