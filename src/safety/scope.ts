/**
 * Service scoping (--services): every tool is limited to these services.
 * Calls naming another service are refused before any request is sent.
 */
import { ToolError } from "../util/tool-error.js";

export class ScopeError extends ToolError {
  override name = "ScopeError";
}

export class ServiceScope {
  private readonly allowed: ReadonlySet<string> | undefined;

  constructor(services: readonly string[] | undefined) {
    this.allowed = services && services.length > 0 ? new Set(services) : undefined;
  }

  get limited(): boolean {
    return this.allowed !== undefined;
  }

  /** The allowed services, or undefined when every service is allowed. */
  get services(): readonly string[] | undefined {
    return this.allowed ? [...this.allowed] : undefined;
  }

  allows(serviceId: string | undefined): boolean {
    return this.allowed === undefined || (serviceId !== undefined && this.allowed.has(serviceId));
  }

  /** Throws a ScopeError naming the allowed services when serviceId is outside the scope. */
  check(serviceId: string | undefined, what = "service"): void {
    if (this.allows(serviceId)) return;
    throw new ScopeError(
      `${what} ${serviceId ?? "(unknown service)"} is outside this server's scope; it is limited to ${this.describe()} (SKYSQL_SERVICES / --services)`,
    );
  }

  describe(): string {
    return this.allowed ? [...this.allowed].join(", ") : "all services";
  }
}

/**
 * The services one request may use: those it asks for that the operator
 * allows. Undefined asked keeps the operator's scope. Nothing left is
 * reported, never returned: an empty list would read as "every service".
 */
export function narrowServices(
  allowed: readonly string[] | undefined,
  asked: readonly string[] | undefined,
): { services: readonly string[] | undefined } | { outside: readonly string[] } {
  if (asked === undefined) return { services: allowed };
  const scope = new ServiceScope(allowed);
  const services = asked.filter((id) => scope.allows(id));
  return services.length > 0 ? { services } : { outside: asked };
}
