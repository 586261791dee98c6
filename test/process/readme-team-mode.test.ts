/**
 * docs/team-mode.md works as written: every shell command is
 * run (servers on free ports instead of 3000 and 8080) and every client
 * entry, there and in mcp.json.example, connects over Streamable HTTP and
 * lists the tools, with the key or token placeholder filled in.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { blocks, doc, ROOT } from "../helpers/readme.js";
import { ALL_TOOLS } from "../../src/tools/all-tools.js";
import { closedPort } from "../helpers/net.js";
import { connectClient } from "../helpers/http-server.js";

const EXAMPLE_URL = "http://127.0.0.1:3000/mcp";

const TEAM = doc("docs/team-mode.md");
const commands = blocks(TEAM, "sh")
  .flatMap((block) => block.split("\n"))
  .map((line) => line.trim())
  .filter((line) => line !== "");

interface UrlEntry {
  url: string;
  headers?: Record<string, string>;
}

/** `claude mcp add --transport http NAME URL --header "K: V"` as the entry Claude Code would store. */
function claudeHttpEntry(line: string): UrlEntry {
  const match = /^claude mcp add --transport http \S+ (\S+) --header "([^:]+): ([^"]+)"$/.exec(
    line,
  );
  expect(match, line).not.toBeNull();
  return { url: match?.[1] ?? "", headers: { [match?.[2] ?? ""]: match?.[3] ?? "" } };
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGTERM");
});

/** Runs a command line of the README from the clone, ports swapped; resolves with its stderr once `ready` shows. */
function start(line: string, ports: Record<string, number>, ready: RegExp): Promise<string> {
  let swapped = line.replace(/ &$/, "");
  for (const [from, to] of Object.entries(ports)) swapped = swapped.replaceAll(from, String(to));
  const env: Record<string, string | undefined> = { PATH: process.env.PATH };
  const words = swapped.split(" ");
  while (/^[A-Z_]+=/.test(words[0] ?? "")) {
    const [name = "", value = ""] = (words.shift() ?? "").split("=");
    env[name] = value;
  }
  const [command = "", ...args] = words;
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] });
  children.push(child);
  let stderr = "";
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (ready.test(stderr)) resolve(stderr);
    });
    child.on("exit", (code) => reject(new Error(`${line} exited ${code}:\n${stderr}`)));
  });
}

async function listsAllTools(entry: UrlEntry, url: string, key: string): Promise<void> {
  const headers = Object.fromEntries(
    Object.entries(entry.headers ?? {}).map(([name, value]) => [
      name,
      value.replace("YOUR_API_KEY", key).replace(/\$\{input:[^}]+\}/, key),
    ]),
  );
  expect(entry.url).toBe(EXAMPLE_URL);
  const client = await connectClient(url, headers);
  const { tools } = await client.listTools();
  expect(tools).toHaveLength(ALL_TOOLS.length);
  // tools/list needs no API call: a real call shows the key reached the API and was taken.
  const services = await client.callTool({ name: "list_services", arguments: {} });
  await client.close();
  expect(services.isError, JSON.stringify(services.content)).toBeFalsy();
}

describe("docs/team-mode.md, as written", () => {
  it("has the commands this test knows, in this order", () => {
    expect(commands).toEqual([
      "node dist/index.js --http --demo",
      `curl -s http://127.0.0.1:3000/mcp -H "Content-Type: application/json" -H "Accept: application/json, text/event-stream" -d '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_services","arguments":{}}}'`,
      "node dist/index.js emulator --port 8080 --per-key-accounts &",
      "SKYSQL_API_URL=http://127.0.0.1:8080 node dist/index.js --http --port 3000",
      'claude mcp add --transport http skybackup-team http://127.0.0.1:3000/mcp --header "Authorization: Bearer YOUR_API_KEY"',
    ]);
  });

  it("the demo command serves MCP on a URL, and the curl line gets an answer from it", async () => {
    const port = await closedPort();
    const log = await start(`${commands[0]} --port ${port}`, {}, /listening on/);
    expect(log).toContain(`listening on http://127.0.0.1:${port}/mcp`);
    const client = await connectClient(`http://127.0.0.1:${port}/mcp`);
    expect((await client.listTools()).tools).toHaveLength(ALL_TOOLS.length);
    await client.close();
    const curl = spawnSync("sh", ["-c", (commands[1] ?? "").replace(":3000/", `:${port}/`)], {
      encoding: "utf8",
    });
    expect(curl.status, curl.stderr).toBe(0);
    expect(curl.stdout).toMatch(/^event: message\ndata: /);
    expect(curl.stdout).toContain("orders-prod");
  });

  it("per-user keys against the emulator: every client entry connects with its own key", async () => {
    const ports = { "8080": await closedPort(), "3000": await closedPort() };
    await start(commands[2] ?? "", ports, /Any API key gets its own account/);
    await start(commands[3] ?? "", ports, /listening on/);
    const url = `http://127.0.0.1:${ports["3000"]}/mcp`;
    const health = await fetch(`http://127.0.0.1:${ports["3000"]}/healthz`);
    expect(health.status).toBe(200);

    const entries: [string, UrlEntry][] = [["README claude", claudeHttpEntry(commands[4] ?? "")]];
    for (const block of blocks(TEAM, "json")) {
      const config = JSON.parse(block) as {
        mcpServers?: Record<string, UrlEntry>;
        servers?: Record<string, UrlEntry>;
      };
      for (const [name, entry] of Object.entries(config.mcpServers ?? config.servers ?? {}))
        entries.push([`README ${name}`, entry]);
    }
    const example = JSON.parse(readFileSync(join(ROOT, "mcp.json.example"), "utf8")) as Record<
      string,
      {
        mcpServers?: Record<string, object>;
        servers?: Record<string, object>;
        command_team?: string;
      }
    >;
    for (const [client, config] of Object.entries(example)) {
      if (typeof config !== "object") continue;
      for (const [name, entry] of Object.entries(config.mcpServers ?? config.servers ?? {}))
        if ("url" in entry) entries.push([`${client} ${name}`, entry as UrlEntry]);
      if (config.command_team)
        entries.push([`${client} command_team`, claudeHttpEntry(config.command_team)]);
    }
    expect(entries.map(([label]) => label)).toEqual([
      "README claude",
      "README skybackup-team",
      "README skybackup-team",
      "claude_code command_team",
      "cursor skybackup-team",
      "vscode skybackup-team",
    ]);
    for (const [index, [label, entry]] of entries.entries()) {
      await expect(
        listsAllTools(entry, url, `team-user-key-${index}`),
        label,
      ).resolves.toBeUndefined();
    }
  });
});
