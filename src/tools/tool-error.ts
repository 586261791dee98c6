/**
 * A refusal the tool itself decided on (out of scope, not confirmed, a
 * duplicate, an unreadable file). Its message is shown to the agent as is.
 */
export class ToolError extends Error {
  override name = "ToolError";
}
