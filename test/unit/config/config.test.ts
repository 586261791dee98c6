import { describe, expect, it } from "vitest";
import { ConfigError, parseCommand } from "../../../src/config/config.js";

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
        deadlineMs: 120_000,
        maxRetries: 3,
        demo: false,
        readOnly: false,
        tools: undefined,
        disabledTools: [],
        services: undefined,
        confirm: "always",
      },
    });
    expect(Object.isFrozen(command.kind === "serve" && command.config)).toBe(true);
  });

  it("defaults to the public API and a 30 s timeout", () => {
    expect(parseCommand([], { SKYSQL_API_KEY: "k" })).toMatchObject({
      config: { apiUrl: "https://api.skysql.com", timeoutMs: 30_000, orgId: undefined },
    });
  });

  it("reads the safety settings from flags and the environment", () => {
    const command = parseCommand(
      ["--read-only", "--services", "dbtgf28216706, dbqkr31007245", "--confirm", "never"],
      {
        SKYSQL_API_KEY: "k",
        SKYSQL_DISABLE_TOOLS: "delete_backup_schedule",
        SKYSQL_TOOLS: "list_backups,get_backup_schedule",
        SKYSQL_MAX_RETRIES: "5",
      },
    );
    expect(command).toMatchObject({
      config: {
        readOnly: true,
        services: ["dbtgf28216706", "dbqkr31007245"],
        confirm: "never",
        tools: ["list_backups", "get_backup_schedule"],
        disabledTools: ["delete_backup_schedule"],
        maxRetries: 5,
      },
    });
    expect(parseCommand([], { SKYSQL_API_KEY: "k", SKYSQL_READ_ONLY: "true" })).toMatchObject({
      config: { readOnly: true },
    });
  });

  it("needs no key in demo mode", () => {
    expect(parseCommand(["--demo"], {})).toMatchObject({ kind: "serve", config: { demo: true } });
  });

  it("parses the emulator command", () => {
    expect(
      parseCommand(["emulator", "--port", "0", "--backups", "100000", "--service-count", "50"], {}),
    ).toEqual({
      kind: "emulator",
      emulator: {
        port: 0,
        host: "127.0.0.1",
        seed: 42,
        backups: 100_000,
        services: 50,
        perKeyAccounts: false,
      },
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
    [["--services", "db/../x"], { SKYSQL_API_KEY: "k" }, "is not a service id"],
    [[], { SKYSQL_API_KEY: "k", SKYSQL_SERVICES: " , " }, "is set but names nothing"],
    [["--confirm", "sometimes"], { SKYSQL_API_KEY: "k" }, "must be one of always, never"],
    [
      [],
      { SKYSQL_API_KEY: "k", SKYSQL_READ_ONLY: "maybe" },
      "SKYSQL_READ_ONLY must be true or false",
    ],
    [
      ["--timeout-ms", "5000", "--deadline-ms", "1000"],
      { SKYSQL_API_KEY: "k" },
      "must be at least the request timeout",
    ],
  ])("rejects %j %j", (argv, env, message) => {
    expect(() => parseCommand(argv, env)).toThrow(ConfigError);
    expect(() => parseCommand(argv, env)).toThrow(message);
  });
});
