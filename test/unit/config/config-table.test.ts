import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  AUDIT_OPTIONS,
  EMULATOR_OPTIONS,
  SERVER_SETTINGS,
  type ServerConfig,
} from "../../../src/config/settings.js";
import { ConfigError, HELP, parseCommand } from "../../../src/config/config.js";
import { settingLabel, type Setting } from "../../../src/config/setting.js";

const TABLES = { SERVER_SETTINGS, AUDIT_OPTIONS, EMULATOR_OPTIONS };
const ALL: [string, Setting<unknown>][] = Object.values(TABLES).flatMap((table) =>
  Object.entries(table),
);

/** A valid non-default value per server setting, as text and as read; every setting needs one. */
const EXAMPLES: { [K in keyof ServerConfig]?: [string, ServerConfig[K]] } = {
  apiUrl: ["http://127.0.0.1:9/x/", "http://127.0.0.1:9/x"],
  orgId: ["org-9", "org-9"],
  timeoutMs: ["4000", 4000],
  deadlineMs: ["90000", 90_000],
  maxRetries: ["0", 0],
  readOnly: ["true", true],
  tools: ["list_backups", ["list_backups"]],
  disabledTools: ["delete_backup_schedule", ["delete_backup_schedule"]],
  services: ["dbtgf28216706", ["dbtgf28216706"]],
  confirm: ["never", "never"],
};
const KEY = { SKYSQL_API_KEY: "k" };

function serve(argv: string[], env: Record<string, string>): ServerConfig {
  const command = parseCommand(argv, env);
  if (command.kind !== "serve") throw new Error(`expected serve, got ${command.kind}`);
  return command.config;
}

describe("the settings table", () => {
  it("never makes a secret a flag, and names each variable and flag once", () => {
    const secrets = ALL.filter(([, setting]) => setting.secret);
    expect(secrets.map(([name]) => name)).toEqual(["apiKey"]);
    for (const [, secret] of secrets) expect(secret.flag).toBeUndefined();
    const names = ALL.flatMap(([, s]) => [s.env, s.flag]).filter((name) => name !== undefined);
    expect(names.length).toBeGreaterThan(20);
    expect(new Set(names).size).toBe(names.length);
  });

  it("has defaults that its own parser accepts", () => {
    for (const [name, setting] of ALL) {
      if (typeof setting.default !== "number" && typeof setting.default !== "string") continue;
      if (setting.required !== undefined) continue;
      expect(setting.kind.schema.parse(String(setting.default)), name).toBe(setting.default);
    }
  });

  it("lets a flag win over its variable, for every setting that has both", () => {
    const both = Object.entries(SERVER_SETTINGS).filter(
      ([, s]) => s.env !== undefined && s.flag !== undefined,
    );
    expect(both.length).toBe(10);
    for (const [name, setting] of both) {
      const example = EXAMPLES[name as keyof ServerConfig];
      expect(example, `EXAMPLES needs a value for ${name}`).toBeDefined();
      if (!example || setting.flag === undefined || setting.env === undefined) continue;
      const [raw, value] = example;
      const key = name as keyof ServerConfig;
      expect(serve([], { ...KEY, [setting.env]: raw })[key], name).toEqual(value);
      const flag = raw === "true" ? [`--${setting.flag}`] : [`--${setting.flag}`, raw];
      const fromFlag = serve(flag, { ...KEY, [setting.env]: "!bad!" });
      expect(fromFlag[key], name).toEqual(value);
    }
  });

  it("describes every flag and variable in --help, in option lines of at most 100 characters", () => {
    for (const [, setting] of ALL) {
      if (setting.flag !== undefined) expect(HELP).toContain(`--${setting.flag}`);
      if (setting.env !== undefined) expect(HELP).toContain(setting.env);
    }
    expect(HELP).toContain("SKYSQL_API_KEY          API key");
    expect(HELP).toContain("--timeout-ms N          per request attempt");
    expect(HELP).toContain("[SKYSQL_TIMEOUT_MS] (default 30000)");
    const options = HELP.slice(HELP.indexOf("Options")).split("\n");
    expect(Math.max(...options.map((line) => line.length))).toBeLessThanOrEqual(100);
  });

  it("names a setting in errors by its variable and flag, or only its variable for a switch", () => {
    expect(settingLabel(SERVER_SETTINGS.timeoutMs)).toBe("SKYSQL_TIMEOUT_MS / --timeout-ms");
    expect(settingLabel(SERVER_SETTINGS.readOnly)).toBe("SKYSQL_READ_ONLY");
    expect(settingLabel(SERVER_SETTINGS.apiKey)).toBe("SKYSQL_API_KEY");
    expect(settingLabel(EMULATOR_OPTIONS.services)).toBe("--service-count");
  });

  it("never puts the API key in an error", () => {
    const key = "sk-SECRET-VALUE\u0007";
    expect(() => serve([], { SKYSQL_API_KEY: key })).toThrow(ConfigError);
    expect(() => serve([], { SKYSQL_API_KEY: key })).not.toThrow(/SECRET-VALUE/);
    expect(() => parseCommand(["--api-key", "sk-1"], {})).toThrow(/Unknown option '--api-key'/);
  });

  it("takes a blank flag as not given, as a blank variable always was", () => {
    expect(parseCommand(["audit", "--max-age-hours", ""], KEY)).toMatchObject({ auditArgs: {} });
    expect(parseCommand(["emulator", "--host", ""], {})).toMatchObject({
      emulator: { host: "127.0.0.1" },
    });
    expect(serve(["--timeout-ms", ""], { ...KEY, SKYSQL_TIMEOUT_MS: "5000" }).timeoutMs).toBe(
      30_000,
    );
  });

  it("raises the default deadline to a longer timeout, but refuses a shorter explicit one", () => {
    expect(serve(["--timeout-ms", "200000"], KEY).deadlineMs).toBe(200_000);
    expect(() => serve(["--timeout-ms", "200000", "--deadline-ms", "120000"], KEY)).toThrow(
      "SKYSQL_DEADLINE_MS / --deadline-ms (120000) must be at least the request timeout (200000)",
    );
  });

  it("in demo mode reads neither the API key nor the URL", () => {
    const config = serve(["--demo"], { SKYSQL_API_KEY: "a\nb", SKYSQL_API_URL: "not a url" });
    expect(config).toMatchObject({ demo: true, apiKey: "demo-key", apiUrl: "" });
  });
});

describe("src/config", () => {
  it("has no import cycle", () => {
    const dir = new URL("../../../src/config", import.meta.url).pathname;
    const imports = new Map<string, string[]>();
    for (const file of readdirSync(dir).filter((name) => name.endsWith(".ts"))) {
      const source = readFileSync(join(dir, file), "utf8");
      const local = [...source.matchAll(/from "\.\/([\w-]+)\.js"/g)].map((m) => `${m[1]}.ts`);
      imports.set(file, local);
    }
    expect(imports.size).toBeGreaterThanOrEqual(3);
    const cycles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (path.includes(file)) {
        cycles.push([...path.slice(path.indexOf(file)), file].join(" -> "));
        return;
      }
      for (const next of imports.get(file) ?? []) visit(next, [...path, file]);
    };
    for (const file of imports.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
