/**
 * The MCP Registry's own check of a server.json, offline: its 2025-12-11
 * server.schema.json, copied from static.modelcontextprotocol.io into
 * test/fixtures/registry/, compiled by Ajv with the formats it uses (uri).
 */
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";

export const REGISTRY_SCHEMA_COPY = JSON.parse(
  readFileSync(new URL("../fixtures/registry/server.schema.json", import.meta.url), "utf8"),
) as { $id: string };

// The schema annotates fields with "example", which strict Ajv would refuse as unknown.
const ajv = new Ajv({ allErrors: true });
ajv.addVocabulary(["example"]);
addFormats.default(ajv);
const validate = ajv.compile(REGISTRY_SCHEMA_COPY);

/** The schema's complaints about an entry, one per line; "" when it is valid. */
export function registryErrors(entry: unknown): string {
  return validate(entry) ? "" : ajv.errorsText(validate.errors, { separator: "\n" });
}
