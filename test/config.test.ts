import { describe, expect, it } from "vitest";
import { ConfigError, parseCommand } from "../src/config.js";

describe("parseCommand", () => {
  it("reads the environment and lets flags win", () => {
    const command = parseCommand(["--api-url", "http://127.0.0.1:9/", "--timeout-ms", "1500"], {
      SKYSQL_API_KEY: " key-1 ",
      SKYSQL_API_URL: "https://env.example.com",
      SKYSQL_ORG_ID: "org-7",
      SKYSQL_TIMEOUT_MS: "9000",
    });
    expect(command).toEqual({
      kind: "serve",
      config: {
        apiUrl: "http://127.0.0.1:9",
        apiKey: "key-1",
        orgId: "org-7",
        timeoutMs: 1500,
        demo: false,
      },
    });
    expect(Object.isFrozen(command.kind === "serve" && command.config)).toBe(true);
  });

  it("defaults to the public API and a 30 s timeout", () => {
    expect(parseCommand([], { SKYSQL_API_KEY: "k" })).toMatchObject({
      config: { apiUrl: "https://api.skysql.com", timeoutMs: 30_000, orgId: undefined },
    });
  });

  it("needs no key in demo mode", () => {
    expect(parseCommand(["--demo"], {})).toMatchObject({ kind: "serve", config: { demo: true } });
  });

  it("parses the emulator command", () => {
    expect(
      parseCommand(["emulator", "--port", "0", "--backups", "100000", "--services", "50"], {}),
    ).toEqual({
      kind: "emulator",
      emulator: { port: 0, host: "127.0.0.1", seed: 42, backups: 100_000, services: 50 },
    });
  });

  it.each([
    [[], {}, "SKYSQL_API_KEY is not set"],
    [[], { SKYSQL_API_KEY: "a\nX-Evil: 1" }, "control characters"],
    [[], { SKYSQL_API_KEY: "k", SKYSQL_TIMEOUT_MS: "10" }, "between 100 and 600000"],
    [[], { SKYSQL_API_KEY: "k", SKYSQL_API_URL: "not a url" }, "is not a URL"],
    [
      [],
      { SKYSQL_API_KEY: "k", SKYSQL_API_URL: "https://u:p@x.com" },
      "must not carry credentials",
    ],
    [[], { SKYSQL_API_KEY: "k", SKYSQL_ORG_ID: "a b" }, "SKYSQL_ORG_ID"],
    [["serve-me"], { SKYSQL_API_KEY: "k" }, 'unknown command "serve-me"'],
    [["emulator", "--port", "70000"], {}, "--port must be between 0 and 65535"],
  ])("rejects %j %j", (argv, env, message) => {
    expect(() => parseCommand(argv, env)).toThrow(ConfigError);
    expect(() => parseCommand(argv, env)).toThrow(message);
  });
});
