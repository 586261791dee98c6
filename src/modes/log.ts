/** Lifecycle lines of the modes that serve: stderr, since stdout may carry JSON-RPC. */
export function log(message: string): void {
  process.stderr.write(`skybackup-mcp: ${message}\n`);
}
