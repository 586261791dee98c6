import { describe, expect, it } from "vitest";
import { MIN_ACCESS_TOKEN_LENGTH } from "../../../src/config/settings.js";
import { ConfigError, parseCommand } from "../../../src/config/config.js";

const TOKEN = "t".repeat(32);
const SHORT_SECRET = "short-secret-token-123";

function refusal(argv: string[], env: Record<string, string>): string {
  try {
    parseCommand(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(argv)}`);
}

describe("--http (team mode) parsing", () => {
  it("defaults to 127.0.0.1:3000, no tokens, loopback Host and Origin lists, and needs no key", () => {
    expect(parseCommand(["--http"], {})).toMatchObject({
      kind: "http",
      config: { apiKey: "" },
      http: {
        http: true,
        host: "127.0.0.1",
        port: 3000,
        accessTokens: [],
        allowedHosts: undefined,
        allowedOrigins: undefined,
      },
    });
  });

  it("reads flags and the environment, flags winning", () => {
    const command = parseCommand(
      ["--http", "--port", "0", "--allowed-origins", "https://app.example.com"],
      {
        SKYSQL_API_KEY: "k",
        SKYBACKUP_HTTP_HOST: "::1",
        SKYBACKUP_HTTP_PORT: "8080",
        SKYBACKUP_HTTP_ALLOWED_HOSTS: "mcp.example.com, [::1]:3000",
        SKYBACKUP_HTTP_TOKENS: ` ${TOKEN} ,${"u".repeat(40)}`,
      },
    );
    expect(command).toMatchObject({
      kind: "http",
      http: {
        host: "::1",
        port: 0,
        allowedHosts: ["mcp.example.com", "[::1]:3000"],
        allowedOrigins: ["https://app.example.com"],
        accessTokens: [TOKEN, "u".repeat(40)],
      },
    });
  });

  it("does not go with a subcommand", () => {
    expect(refusal(["--http", "audit"], { SKYSQL_API_KEY: "k" })).toContain(
      '--http serves MCP to a team; it does not go with "audit"',
    );
  });

  it("refuses a shared key on a non-loopback host without access tokens, the demo's included", () => {
    for (const host of ["0.0.0.0", "10.1.2.3", "::", "mcp.internal"]) {
      const message = refusal(["--http", "--host", host], { SKYSQL_API_KEY: "k" });
      expect(message).toContain(`--host ${host} is not loopback`);
      expect(message).toContain("set SKYBACKUP_HTTP_TOKENS");
      expect(message).toContain("or unset SKYSQL_API_KEY");
    }
    const demo = refusal(["--http", "--demo", "--host", "0.0.0.0"], {});
    expect(demo).toContain("(the demo's)");
    expect(demo).not.toContain("unset SKYSQL_API_KEY");
  });

  it("allows a shared key off loopback with tokens, per-user keys anywhere, and no token on loopback", () => {
    const tokens = { SKYSQL_API_KEY: "k", SKYBACKUP_HTTP_TOKENS: TOKEN };
    expect(parseCommand(["--http", "--host", "0.0.0.0"], tokens).kind).toBe("http");
    expect(
      parseCommand(["--http", "--demo", "--host", "0.0.0.0"], { SKYBACKUP_HTTP_TOKENS: TOKEN })
        .kind,
    ).toBe("http");
    expect(parseCommand(["--http", "--host", "0.0.0.0"], {}).kind).toBe("http");
    for (const host of ["127.0.0.1", "127.0.0.2", "localhost", "::1"])
      expect(parseCommand(["--http", "--host", host], { SKYSQL_API_KEY: "k" }).kind).toBe("http");
    expect(parseCommand(["--http", "--demo"], {}).kind).toBe("http");
  });

  it("caps connections per client address at 64 unless told; 0 turns the cap off (behind a balancer)", () => {
    expect(parseCommand(["--http"], {})).toMatchObject({ http: { connectionsPerAddress: 64 } });
    expect(
      parseCommand(["--http", "--connections-per-address", "0"], {
        SKYBACKUP_HTTP_CONNECTIONS_PER_ADDRESS: "8",
      }),
    ).toMatchObject({ http: { connectionsPerAddress: 0 } });
    expect(parseCommand(["--http"], { SKYBACKUP_HTTP_CONNECTIONS_PER_ADDRESS: "8" })).toMatchObject(
      { http: { connectionsPerAddress: 8 } },
    );
    expect(refusal(["--http", "--connections-per-address", "1001"], {})).toContain(
      "must be between 0 and 1000",
    );
  });

  it("refuses access tokens without a shared key: each user's key would be taken for a token", () => {
    const message = refusal(["--http", "--host", "0.0.0.0"], { SKYBACKUP_HTTP_TOKENS: TOKEN });
    expect(message).toContain("SKYBACKUP_HTTP_TOKENS guards a shared key");
    expect(message).not.toContain(TOKEN);
  });

  it("counts OAuth alone as guarding a shared key off loopback", () => {
    const env = {
      SKYSQL_API_KEY: "k",
      SKYBACKUP_OAUTH_ISSUER: "https://login.example.com",
      SKYBACKUP_OAUTH_AUDIENCE: "https://mcp.example.com/mcp",
    };
    expect(parseCommand(["--http", "--host", "0.0.0.0"], env).kind).toBe("http");
  });

  it("takes a token of exactly the minimum length, 32, and refuses one a character shorter", () => {
    expect(MIN_ACCESS_TOKEN_LENGTH).toBe(32);
    const exact = "e".repeat(MIN_ACCESS_TOKEN_LENGTH);
    expect(
      parseCommand(["--http"], { SKYSQL_API_KEY: "k", SKYBACKUP_HTTP_TOKENS: exact }),
    ).toMatchObject({
      http: { accessTokens: [exact] },
    });
    expect(refusal(["--http"], { SKYBACKUP_HTTP_TOKENS: exact.slice(1) })).toContain(
      `item 1 is ${MIN_ACCESS_TOKEN_LENGTH - 1} characters`,
    );
  });

  it("needs each access token to be 32+ characters, and never quotes one in the error", () => {
    const secrets = [SHORT_SECRET, "x".repeat(31), `ok-${"v".repeat(40)}\u0001`];
    const message = refusal(["--http"], {
      SKYSQL_API_KEY: "k",
      SKYBACKUP_HTTP_TOKENS: `${TOKEN},${SHORT_SECRET}`,
    });
    expect(message).toContain("item 2 is 22 characters; use at least 32");
    for (const token of secrets) {
      const text = refusal(["--http"], { SKYBACKUP_HTTP_TOKENS: `${TOKEN},${token}` });
      expect(text).toContain("SKYBACKUP_HTTP_TOKENS");
      expect(text).not.toContain(token);
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(token.slice(0, 12));
    }
  });

  it("refuses bad host, port and allow-list values", () => {
    expect(refusal(["--http", "--port", "65536"], {})).toContain(
      "--port must be between 0 and 65535",
    );
    expect(refusal(["--http", "--host", "a b"], {})).toContain("--host");
    expect(refusal(["--http", "--allowed-hosts", "https://x.example"], {})).toContain(
      "--allowed-hosts",
    );
    expect(refusal(["--http", "--allowed-origins", "https://x.example/"], {})).toContain(
      "--allowed-origins",
    );
  });
});

describe("team-mode flags without --http", () => {
  it("are refused for the stdio server and for call, audit and drill", () => {
    const env = { SKYSQL_API_KEY: "k" };
    for (const argv of [
      ["--port", "3000"],
      ["--host", "0.0.0.0"],
      ["--allowed-hosts", "mcp.example.com"],
      ["call", "list_services", "--port", "3000"],
      ["audit", "--host", "0.0.0.0"],
      ["drill", "--allowed-origins", "https://app.example.com"],
      ["emulator", "--allowed-hosts", "mcp.example.com"],
    ])
      expect(refusal(argv, env)).toMatch(/^--[a-z-]+ applies only with --http \(team mode\)$/);
  });

  it("leave the emulator's own --port and --host alone", () => {
    expect(parseCommand(["emulator", "--port", "0", "--host", "0.0.0.0"], {})).toMatchObject({
      kind: "emulator",
      emulator: { port: 0, host: "0.0.0.0" },
    });
  });
});
