/**
 * One reading of the API's status strings, for backups and restores alike.
 * Only `Succeeded` and `Running` are documented; the failure strings are not
 * (REAL-API-NOTES, RESTORES-NOTES), so near spellings count too.
 */
export type Outcome = "succeeded" | "failed" | "running" | "other";

export function outcomeOf(status: unknown): Outcome {
  if (typeof status !== "string") return "other";
  // The API's own spellings, read without a copy: this runs for every backup of an audit.
  if (status === "Succeeded") return "succeeded";
  if (status === "Failed") return "failed";
  if (status === "Running") return "running";
  const s = status.trim().toLowerCase();
  if (/^(succeeded|success|successful|completed?|done|ok)$/.test(s)) return "succeeded";
  if (/fail|error|abort|cancel/.test(s)) return "failed";
  if (/running|progress|pending|queued|start/.test(s)) return "running";
  return "other";
}
