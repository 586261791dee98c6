#!/usr/bin/env node
/** The bin: parse the configuration once, pick the mode, start. */
import { ConfigError, HELP, parseCommand } from "./config/index.js";
import { VERSION } from "./version.js";

async function main(): Promise<void> {
  const command = parseCommand(process.argv.slice(2), process.env);
  switch (command.kind) {
    case "help":
      process.stdout.write(HELP);
      return;
    case "version":
      process.stdout.write(`${VERSION}\n`);
      return;
    case "emulator": {
      const { runStandaloneEmulator } = await import("./emulator/index.js");
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
    case "serve": {
      const { serve } = await import("./modes/serve.js");
      await serve(command.config);
      return;
    }
  }
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError
      ? error.message
      : `fatal: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`skybackup-mcp: ${message}\n`);
  // 64 is EX_USAGE: distinct from the audit's verdict codes 0-3.
  process.exit(error instanceof ConfigError ? 64 : 1);
});
