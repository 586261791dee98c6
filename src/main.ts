/**
 * What the bin runs: parse the configuration once, pick the mode, start.
 * Bundled on its own (dist/server.cjs) and started by src/index.ts.
 */
import { ConfigError, HELP, parseCommand } from "./config/config.js";
import { VERSION } from "./version.js";

/**
 * `onWork` is called once a mode that does real work starts (serve, call,
 * audit, drill), so the bin knows this run is worth remembering in its code cache.
 */
export function main(onWork: () => void = () => undefined): void {
  run(onWork).catch(fail);
}

async function run(onWork: () => void): Promise<void> {
  const command = parseCommand(process.argv.slice(2), process.env);
  if (["call", "audit", "drill", "serve", "http"].includes(command.kind)) onWork();
  switch (command.kind) {
    case "help":
      process.stdout.write(HELP);
      return;
    case "version":
      process.stdout.write(`${VERSION}\n`);
      return;
    case "emulator": {
      const { runStandaloneEmulator } = await import("./emulator/emulator.js");
      await runStandaloneEmulator(command.emulator);
      return;
    }
    case "call": {
      const { runCall } = await import("./modes/call.js");
      process.exitCode = await runCall(command.config, command.tool, command.args, command.json);
      return;
    }
    case "audit": {
      const { runAudit } = await import("./modes/call.js");
      process.exitCode = await runAudit(command.config, command.auditArgs, command.json);
      return;
    }
    case "drill": {
      const { runDrill } = await import("./modes/drill.js");
      process.exitCode = await runDrill(command.config, command.drill, command.json);
      return;
    }
    case "http": {
      const { serveHttp } = await import("./modes/http.js");
      await serveHttp(command.config, command.http);
      return;
    }
    case "serve": {
      const { serve } = await import("./modes/serve.js");
      await serve(command.config);
      return;
    }
  }
}

function fail(error: unknown): void {
  const message =
    error instanceof ConfigError
      ? error.message
      : `fatal: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`skybackup-mcp: ${message}\n`);
  // 64 is EX_USAGE: distinct from the audit's verdict codes 0-3.
  process.exit(error instanceof ConfigError ? 64 : 1);
}
