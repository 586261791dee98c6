/**
 * The fuzz rig: a real MCP client and server (confirm "never", so destructive
 * calls really run when accepted), the recording proxy, and the emulator
 * behind it, plus the files the credentials_file cases point at.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { ToolDefinition } from "../../src/tools/define.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import type { Args } from "./tool-args.js";
import type { CallRecord } from "./call-checks.js";
import type { JsonSchema } from "./tool-spec.js";
import type { World } from "./field-kinds.js";
import { startRecorder, type Recorder } from "./recording-proxy.js";
import type { ToolSpec } from "./tool-table.js";

export interface Rig {
  h: Harness;
  recorder: Recorder;
  world: World;
  schemas: Map<string, JsonSchema>;
  /** Calls a tool and returns everything the properties look at. */
  call(spec: ToolSpec, args: Args): Promise<CallRecord>;
  close(): Promise<void>;
}

/** `tools` replaces the server's tool list (mutants.test.ts passes broken tools). */
export async function startRig(tools?: readonly ToolDefinition[]): Promise<Rig> {
  const recorder = await startRecorder();
  const h = await startHarness({ confirm: "never", apiUrl: recorder.url, seed: 7, tools });
  recorder.target = { host: "127.0.0.1", port: h.emulator.port };
  const dir = mkdtempSync(join(tmpdir(), "skybackup-fuzz-"));
  const credentialsFile = join(dir, "credentials.json");
  writeFileSync(
    credentialsFile,
    '{"type":"service_account","private_key":"fuzz-key-0123456789"}\n',
  );
  const world: World = {
    services: [...h.emulator.state.services],
    scheduleIds: [...h.emulator.state.schedules.keys()],
    credentialsFile,
    directory: dir,
  };
  const listed = await h.client.listTools();
  const schemas = new Map(listed.tools.map((t) => [t.name, t.inputSchema as JsonSchema]));
  return {
    h,
    recorder,
    world,
    schemas,
    async call(spec, args) {
      const before = h.emulator.requests.length;
      const wireBefore = recorder.requests.length;
      let result: CallToolResult;
      try {
        result = await h.call(spec.name, args);
      } catch (error) {
        throw new Error(`${spec.name} threw instead of returning a result: ${String(error)}`);
      }
      // The session must survive every call: a ping is answered only by a live server.
      await h.client.ping();
      return {
        spec,
        args,
        result,
        sent: h.emulator.requests.slice(before),
        wire: recorder.requests.slice(wireBefore),
      };
    },
    async close() {
      await h.close();
      await recorder.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
