/**
 * Team mode: what one request may use, from what the operator allows and
 * what the request (or the caller's OAuth grant) narrows it to. Every rule
 * here is an intersection, so a request can take away but never add.
 */
import { shown, type Narrower } from "../http/clients.js";
import type { ServerOptions } from "../mcp/server.js";
import { narrowServices } from "../safety/scope.js";
import { ALL_TOOLS } from "../tools/index.js";
import { toolNarrower } from "../tools/select.js";

export type NarrowedOptions = Pick<ServerOptions, "tools" | "services">;

export function requestNarrower(operator: NarrowedOptions): Narrower<NarrowedOptions> {
  const narrowTools = toolNarrower(ALL_TOOLS, operator.tools ?? ALL_TOOLS);
  const offered = (operator.tools ?? ALL_TOOLS).map((tool) => tool.name).join(", ") || "none";
  return (narrowing) => {
    const tools = narrowTools(narrowing);
    if ("unknown" in tools)
      return {
        refused: "tools",
        status: 400,
        reason: `unknown tool(s) ${tools.unknown.map(shown).join(", ")}; this server offers: ${offered}`,
      };
    if ("noneOf" in tools)
      return tools.noneOf.length > 0
        ? {
            refused: "tools",
            status: 403,
            reason: `none of ${tools.noneOf.join(", ")} is offered to this request; it may use: ${tools.usable.join(", ") || "no tool"}`,
          }
        : {
            status: 403,
            reason: `this server offers only write tools (${offered}), and this request may only read`,
          };
    const scope = narrowServices(operator.services, narrowing.services);
    if ("outside" in scope)
      return {
        refused: "services",
        status: 403,
        reason: `none of ${scope.outside.join(", ")} is among the services this server is limited to (${operator.services?.join(", ")})`,
      };
    return { tools, services: scope.services };
  };
}
