/**
 * A refusal the tool itself decided on (out of scope, not confirmed, a
 * duplicate, an unreadable file). Its message is shown to the agent as is.
 */
export class ToolError extends Error {
  override name = "ToolError";
}

/**
 * A call that failed part-way through several writes: shown as a failure
 * ("<tool> failed: …") like an API error, with what was and was not done.
 */
export class PartialWriteError extends ToolError {
  override name = "PartialWriteError";
}
