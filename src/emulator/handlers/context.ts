import type { Reply } from "../http-io.js";
import type { EmulatorState } from "../state.js";
import type { EmulatorOptions } from "../options.js";

/** What a route handler gets: the state, the parsed request, and the emulator's options. */
export interface RequestContext {
  state: EmulatorState;
  /** The `{service_id}` or `{id}` path segment, percent-decoded. */
  param: string;
  query: URLSearchParams;
  /** Parsed JSON body; undefined when empty. Throws a 400 on bad JSON or UTF-8. */
  json(): unknown;
  shape: NonNullable<EmulatorOptions["serviceBackupsShape"]>;
  restoreShape: NonNullable<EmulatorOptions["restoreShape"]>;
}

export type Handler = (ctx: RequestContext) => Reply;
