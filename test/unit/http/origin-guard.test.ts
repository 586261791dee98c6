import { describe, expect, it } from "vitest";
import { checkOrigin, originPolicy } from "../../../src/http/team-server.js";

const LOOPBACK = originPolicy({
  loopback: true,
  allowedHosts: undefined,
  allowedOrigins: undefined,
});
const PUBLIC = originPolicy({
  loopback: false,
  allowedHosts: undefined,
  allowedOrigins: undefined,
});
const LISTED = originPolicy({
  loopback: false,
  allowedHosts: ["MCP.example.com", "mcp.example.com:8443"],
  allowedOrigins: ["https://App.example.com"],
});

const status = (headers: Record<string, string>, policy = LOOPBACK) =>
  checkOrigin(headers, policy)?.status ?? 200;

describe("checkOrigin on a loopback address", () => {
  it("serves loopback Host names with any port, IPv6 included, in any case", () => {
    for (const host of ["localhost", "LOCALHOST:3000", "127.0.0.1:8080", "[::1]", "[::1]:3000"])
      expect(status({ host }), host).toBe(200);
  });

  it("refuses other Host names (DNS rebinding), a missing Host, and look-alikes", () => {
    for (const host of [
      "evil.example",
      "evil.example:3000",
      "127.0.0.1.evil.example",
      "localhost.evil.example:80",
      "[::2]:3000",
      "",
    ])
      expect(status({ host }), host).toBe(403);
    expect(status({})).toBe(403);
    expect(checkOrigin({ host: "evil.example" }, LOOPBACK)?.message).toContain(
      "SKYBACKUP_HTTP_ALLOWED_HOSTS",
    );
  });

  it("serves loopback origins on any port and scheme http(s), refuses the rest", () => {
    const host = "127.0.0.1:3000";
    for (const origin of [
      "http://localhost:5173",
      "https://127.0.0.1",
      "http://[::1]:8080",
      "HTTP://LOCALHOST",
    ])
      expect(status({ host, origin }), origin).toBe(200);
    for (const origin of [
      "null",
      "https://evil.example",
      "http://localhost.evil.example",
      "file://localhost",
      "ws://localhost",
      "junk",
    ])
      expect(status({ host, origin }), origin).toBe(403);
  });

  it("serves the loopback address it listens on, when that is not one of the usual names", () => {
    const on = (listenHost: string) =>
      originPolicy({
        loopback: true,
        allowedHosts: undefined,
        allowedOrigins: undefined,
        listenHost,
      });
    expect(status({ host: "127.0.0.2:3000" }, on("127.0.0.2"))).toBe(200);
    expect(status({ host: "[::1]:3000" }, on("::1"))).toBe(200);
    expect(status({ host: "127.0.0.2:3000" }, LOOPBACK)).toBe(403);
    expect(status({ host: "127.0.0.3:3000" }, on("127.0.0.2"))).toBe(403);
  });

  it("bounds the caller's text it quotes", () => {
    const message =
      checkOrigin({ host: "127.0.0.1", origin: `https://${"x".repeat(5000)}.example` }, LOOPBACK)
        ?.message ?? "";
    expect(message.length).toBeLessThan(300);
    expect(message).toContain("SKYBACKUP_HTTP_ALLOWED_ORIGINS");
  });
});

describe("checkOrigin on a public address", () => {
  it("serves any Host unless a list is set, and still only loopback origins by default", () => {
    expect(status({ host: "mcp.internal:3000" }, PUBLIC)).toBe(200);
    expect(status({ host: "mcp.internal", origin: "https://mcp.internal" }, PUBLIC)).toBe(403);
  });

  it("serves exactly the listed Host names (case-insensitive; a listed name with no port takes any port)", () => {
    for (const host of ["mcp.example.com", "MCP.EXAMPLE.COM:443", "mcp.example.com:8443"])
      expect(status({ host }, LISTED), host).toBe(200);
    for (const host of ["other.example.com", "localhost", "mcp.example.com.evil.example"])
      expect(status({ host }, LISTED), host).toBe(403);
  });

  it("serves exactly the listed origins, case-insensitive, and no longer the loopback ones", () => {
    const host = "mcp.example.com";
    expect(status({ host, origin: "https://app.example.com" }, LISTED)).toBe(200);
    expect(status({ host, origin: "HTTPS://APP.EXAMPLE.COM" }, LISTED)).toBe(200);
    for (const origin of [
      "http://app.example.com",
      "https://app.example.com:8443",
      "http://localhost:3000",
      "null",
    ])
      expect(status({ host, origin }, LISTED), origin).toBe(403);
  });
});
