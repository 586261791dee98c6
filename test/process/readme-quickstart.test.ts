/**
 * The README's front door works as written from a clone: every command and
 * every config entry in "Set up and test", "Try it without an account" and
 * "Install in an assistant", and every entry of mcp.json.example, is run
 * here (the clone path put in for /absolute/path/to/skybackup-mcp). npm ci
 * and npm test are what .ci/run executes on a fresh clone, so they are
 * checked against it rather than run inside the suite they start.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { blocks, ROOT, section } from "../helpers/readme.js";
import { ALL_TOOLS } from "../../src/tools/all-tools.js";

const PLACEHOLDER = "/absolute/path/to/skybackup-mcp";
const SECTIONS = ["Set up and test", "Try it without an account", "Install in an assistant"];

interface ServerEntry {
  command: string;
  args?: string[];
  env?: Record<string, string>;
}

/** Each shell command of the sections, comments dropped and `a && b` split. */
const commands = SECTIONS.flatMap((title) => blocks(section(title), "sh"))
  .flatMap((block) => block.split("\n"))
  .map((line) => line.replace(/\s+#.*$/, "").trim())
  .filter((line) => line !== "")
  .flatMap((line) => line.split(" && ").map((part) => part.trim()));

const withClone = (value: string) => value.replaceAll(PLACEHOLDER, ROOT.replace(/\/$/, ""));

/** initialize + tools/list over stdio: the names of the tools the entry serves. */
async function toolsServedBy(entry: ServerEntry, path: string): Promise<string[]> {
  const child = spawn(withClone(entry.command), (entry.args ?? []).map(withClone), {
    env: { PATH: path, ...entry.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  const listed = new Promise<string[]>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`exited ${code} before tools/list`)));
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      for (const line of out.split("\n").slice(0, -1)) {
        const message = JSON.parse(line) as {
          id?: number;
          result?: { tools?: { name: string }[] };
        };
        if (message.id === 2) resolve((message.result?.tools ?? []).map((tool) => tool.name));
      }
    });
  });
  const send = (message: object) =>
    child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
  send({
    id: 1,
    method: "initialize",
    params: {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "t", version: "1" },
    },
  });
  send({ method: "notifications/initialized" });
  send({ id: 2, method: "tools/list", params: {} });
  try {
    return await listed;
  } finally {
    child.kill();
  }
}

/** `claude mcp add NAME [--env K=V] -- CMD ARGS...` as the server entry Claude Code would store. */
function claudeEntry(line: string): ServerEntry {
  const [add = "", server = ""] = line.split(" -- ");
  const env = Object.fromEntries(
    [...add.matchAll(/--env (\w+)=(\S+)/g)].map((m) => [m[1] ?? "", m[2] ?? ""]),
  );
  const [command = "", ...args] = server.split(" ");
  return { command, args, env };
}

describe("README quick start, as written from a clone", () => {
  const prefix = mkdtempSync(join(tmpdir(), "skybackup-link-"));
  const linkedPath = `${join(prefix, "bin")}:${process.env.PATH ?? ""}`;
  afterAll(() => rmSync(prefix, { recursive: true, force: true }));

  it("sets up with npm ci and npm test, exactly what CI runs on a fresh clone", () => {
    expect(commands.slice(0, 2)).toEqual(["npm ci", "npm test"]);
    const ci = readFileSync(join(ROOT, ".ci/run"), "utf8");
    expect(ci).toMatch(/^npm ci\b/m);
    expect(ci).toMatch(/^npm test$/m);
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    for (const command of commands.filter((c) => c.startsWith("npm run "))) {
      expect(scripts[command.slice("npm run ".length)], command).toBeDefined();
    }
    // npm test builds dist/ first, so the commands below find it.
    expect(scripts.test).toMatch(/^npm run build && /);
  });

  it("every other command runs as written", async () => {
    const rest = commands.filter((c) => !/^npm (ci|test|run )/.test(c));
    expect(rest).toContain("npm link");
    expect(rest).toContain("node dist/index.js --demo audit");
    for (const command of rest) {
      if (command === "npm link") {
        // Into a private prefix, so the machine's global bin is untouched.
        const linked = spawnSync("npm", ["link", "--no-audit", "--no-fund"], {
          cwd: ROOT,
          env: { ...process.env, npm_config_prefix: prefix },
          encoding: "utf8",
        });
        expect(linked.status, linked.stderr).toBe(0);
        const version = spawnSync("skybackup-mcp", ["--version"], {
          env: { ...process.env, PATH: linkedPath },
          encoding: "utf8",
        });
        expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
        // The README's "command": "skybackup-mcp" entry: no args, the key in env.
        expect(
          await toolsServedBy(
            { command: "skybackup-mcp", env: { SKYSQL_API_KEY: "YOUR_API_KEY" } },
            linkedPath,
          ),
        ).toHaveLength(ALL_TOOLS.length);
      } else if (command.startsWith("claude mcp add ")) {
        const tools = await toolsServedBy(claudeEntry(command), linkedPath);
        expect(tools, command).toContain("audit_backups");
      } else if (command === "node dist/index.js --demo audit") {
        const audit = spawnSync("node", ["dist/index.js", "--demo", "audit"], {
          cwd: ROOT,
          encoding: "utf8",
        });
        // 0, 1 or 2 is a verdict (ok, warnings, critical); 3 or 64 would be a failure.
        expect([0, 1, 2], audit.stderr).toContain(audit.status);
        expect(audit.stdout).toMatch(/^(OK|WARNING|CRITICAL): \d+ of 9 services/);
      } else {
        throw new Error(`README quick start has a command this test does not know: ${command}`);
      }
    }
  });

  it("every config entry in the README and mcp.json.example serves the tools", async () => {
    const example = JSON.parse(readFileSync(join(ROOT, "mcp.json.example"), "utf8")) as Record<
      string,
      Record<string, unknown>
    >;
    const entries: [string, ServerEntry][] = [];
    for (const block of blocks(section("Install in an assistant"), "json")) {
      const config = JSON.parse(block) as { mcpServers: Record<string, ServerEntry> };
      entries.push(
        ...Object.entries(config.mcpServers).map(
          ([n, e]) => [`README ${n}`, e] as [string, ServerEntry],
        ),
      );
    }
    for (const [client, config] of Object.entries(example)) {
      const servers = (config.mcpServers ?? config.servers ?? {}) as Record<string, ServerEntry>;
      // URL entries (team mode) are run by readme-team-mode.test.ts.
      for (const [name, entry] of Object.entries(servers))
        if (!("url" in entry)) entries.push([`${client} ${name}`, entry]);
      for (const [key, line] of Object.entries(config)) {
        if (key.startsWith("command_") && key !== "command_team")
          entries.push([`${client} ${key}`, claudeEntry(String(line))]);
      }
    }
    expect(entries.length).toBe(9);
    for (const [label, entry] of entries) {
      expect(entry.command, `${label} must not need the unpublished package`).not.toBe("npx");
      // VS Code fills ${input:...} from a prompt; any key serves initialize and tools/list.
      const env = Object.fromEntries(
        Object.entries(entry.env ?? {}).map(([k, v]) => [k, v.replace(/\$\{input:[^}]+\}/, "key")]),
      );
      const tools = await toolsServedBy({ ...entry, env }, linkedPath);
      expect(tools.length, label).toBe(ALL_TOOLS.length);
    }
  });
});
