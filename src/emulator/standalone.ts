import { startEmulator } from "./server.js";
import { DEMO_RESTORE_SPEEDUP, type RunningEmulator } from "./options.js";

export interface StandaloneOptions {
  port: number;
  host?: string;
  apiKey?: string;
  seed?: number;
  backups?: number;
  services?: number;
  perKeyAccounts?: boolean;
}

/** For `skybackup-mcp emulator`: one line on stderr (stdout stays clean), stops on a signal. */
export async function runStandaloneEmulator(opts: StandaloneOptions): Promise<RunningEmulator> {
  // Run by people trying the server out, so restores finish while they watch, as in --demo.
  const emulator = await startEmulator({ restoreSpeedup: DEMO_RESTORE_SPEEDUP, ...opts });
  const stop = (): void => {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    void emulator.close();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  process.stderr.write(
    `skybackup emulator: ${emulator.state.services.length} services, ${emulator.state.backups.length} backups. ` +
      (opts.perKeyAccounts
        ? `Any API key gets its own account. Point team mode at it with SKYSQL_API_URL=${emulator.url} skybackup-mcp --http\n`
        : `Point the server at it with SKYSQL_API_URL=${emulator.url} SKYSQL_API_KEY=${emulator.apiKey}\n`),
  );
  return {
    ...emulator,
    close: async () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      await emulator.close();
    },
  };
}
