import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectClient, startHttpServer, type HttpServer } from "../helpers/http-server.js";

describe("team mode: an MCP client over Streamable HTTP (--http --demo)", () => {
  let server: HttpServer;
  beforeAll(async () => {
    server = await startHttpServer(["--demo"]);
  });
  afterAll(async () => {
    await server.stop();
  });

  it("lists the tools and answers a call, then drains and exits 0 on SIGTERM", async () => {
    const client = await connectClient(server.url);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("audit_backups");
    const result = await client.callTool({ name: "list_services", arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(result.content)).toContain("orders-prod");
    await client.close();
    expect(await server.stop()).toBe(0);
    expect(server.stderr()).toContain("SIGTERM: draining");
  });
});
