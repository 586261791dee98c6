/**
 * One JSON line per request on stderr, written when the response ends: who
 * (a hash, never a key), what (method, path, JSON-RPC method and tool, never
 * arguments or bodies), the status and how long it took; for a tool call,
 * how it ended and how many API operations it made.
 */
export interface AccessRecord {
  method: string;
  path: string;
  /** The peer's address: the load balancer's, behind one. */
  remote?: string;
  status: number;
  ms: number;
  caller?: string;
  rpc?: string;
  tool?: string;
  /** How a tool call ended (ok, preview, error, cancelled): tools/call only. */
  outcome?: string;
  /** API operations the tool call made. */
  upstream?: number;
  /** The client went away before the answer was complete. */
  aborted?: boolean;
}

export type AccessLog = (record: AccessRecord) => void;

/** The path is the caller's text, up to Node's 16 KB header limit: bounded, so one request is one short line. */
const MAX_PATH_CHARS = 200;

export const stderrAccessLog: AccessLog = (record) => {
  const path =
    record.path.length > MAX_PATH_CHARS ? `${record.path.slice(0, MAX_PATH_CHARS)}…` : record.path;
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...record, path })}\n`);
};
