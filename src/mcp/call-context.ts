/**
 * The MCP-facing pieces of a tool call's context: progress notifications and
 * asking the user through elicitation. Kept beside server.ts, the only other
 * module that knows about MCP.
 */
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import type { AskUser } from "../safety/confirm.js";

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export function progressReporter(
  extra: Extra,
): (done: number, total: number | undefined, message?: string) => void {
  const token = extra._meta?.progressToken;
  if (token === undefined) return () => undefined;
  return (progress, total, message) => {
    void extra
      .sendNotification({
        method: "notifications/progress",
        params: {
          progressToken: token,
          progress,
          ...(total !== undefined && { total }),
          ...(message && { message }),
        },
      })
      .catch(() => undefined);
  };
}

/** Asks through elicitation when the client declared it; otherwise undefined (the gate then previews). */
export function userAsker(server: Server, signal: AbortSignal): AskUser {
  return (message) => {
    if (!server.getClientCapabilities()?.elicitation) return undefined;
    return server
      .elicitInput(
        {
          message,
          requestedSchema: {
            type: "object",
            // The message carries the preview; the field only asks, so a form does not show it twice.
            properties: {
              confirm: {
                type: "boolean",
                title: "Go ahead?",
                description: "Yes to go ahead as described above; no changes nothing.",
              },
            },
            required: ["confirm"],
          },
        },
        { signal },
      )
      .then((result) => result.action === "accept" && result.content?.confirm === true);
  };
}
