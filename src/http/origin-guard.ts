/**
 * DNS-rebinding protection. A web page can make a browser send requests to a
 * server on the user's own machine under a name the attacker controls; the
 * Host header then names the attacker's domain and Origin the attacker's
 * page. So: on loopback only loopback Host names are served (or the
 * configured ones), and a request that carries an Origin must come from an
 * allowed one. Clients that are not browsers send no Origin and pass.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Problem } from "./problem.js";

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

export interface OriginPolicy {
  /** Host header values served; undefined: any. */
  readonly hosts: ReadonlySet<string> | undefined;
  /** Origins served; undefined: loopback origins only. */
  readonly origins: ReadonlySet<string> | undefined;
}

export function originPolicy(options: {
  loopback: boolean;
  allowedHosts: readonly string[] | undefined;
  allowedOrigins: readonly string[] | undefined;
  /** The address listened on: on loopback it is served too (127.0.0.2 is loopback, but not a name above). */
  listenHost?: string;
}): OriginPolicy {
  const lower = (items: readonly string[]) => new Set(items.map((item) => item.toLowerCase()));
  const listen = options.listenHost?.includes(":") ? `[${options.listenHost}]` : options.listenHost;
  const hosts = options.allowedHosts
    ? lower(options.allowedHosts)
    : options.loopback
      ? lower([...LOOPBACK_NAMES, ...(listen === undefined ? [] : [listen])])
      : undefined;
  return { hosts, origins: options.allowedOrigins ? lower(options.allowedOrigins) : undefined };
}

export function checkOrigin(
  headers: IncomingHttpHeaders,
  policy: OriginPolicy,
): Problem | undefined {
  if (policy.hosts) {
    const host = (headers.host ?? "").toLowerCase();
    if (!policy.hosts.has(host) && !policy.hosts.has(withoutPort(host)))
      return {
        status: 403,
        message: `Forbidden: Host "${clip(host)}" is not served here; add it to SKYBACKUP_HTTP_ALLOWED_HOSTS if it is yours`,
      };
  }
  const origin = headers.origin;
  if (origin !== undefined && !originAllowed(origin.toLowerCase(), policy))
    return {
      status: 403,
      message: `Forbidden: Origin "${clip(origin)}" is not allowed; add it to SKYBACKUP_HTTP_ALLOWED_ORIGINS if it is yours`,
    };
  return undefined;
}

function originAllowed(origin: string, policy: OriginPolicy): boolean {
  if (policy.origins) return policy.origins.has(origin);
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (a sandboxed page, a file) and junk
  }
  return (
    (url.protocol === "http:" || url.protocol === "https:") && LOOPBACK_NAMES.has(url.hostname)
  );
}

/** "example.com:3000" -> "example.com"; "[::1]:3000" -> "[::1]". */
function withoutPort(host: string): string {
  const match = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec(host);
  return match?.[1] ?? host;
}

/** A header is the caller's text: bounded before it goes into a message or a log. */
const clip = (text: string): string => (text.length > 100 ? `${text.slice(0, 100)}…` : text);
