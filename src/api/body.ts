/** Reading response bodies without trusting their size, their syntax or their text. */
import { StringDecoder } from "node:string_decoder";
import type { Dispatcher } from "undici";
import { cleanText, parseUntrustedJson, quoted, shown } from "../util/untrusted-text.js";

export class ResponseTooLarge extends Error {}

export const NOT_JSON = Symbol("not json");

export async function readCapped(
  body: Dispatcher.ResponseData["body"],
  maxBytes: number,
): Promise<string> {
  // Each chunk is decoded as it arrives, not joined into one more buffer first: a page of
  // 500 backups is about 300 KB, and a copy of it outside the heap, freed only when the
  // collector next runs, was resident several times over while six pages were read at once.
  const decoder = new StringDecoder("utf8");
  let text = "";
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) {
      body.destroy();
      throw new ResponseTooLarge(`response body exceeds the ${maxBytes}-byte limit`);
    }
    text += decoder.write(buffer);
  }
  return text + decoder.end();
}

/** The one door for API JSON: every string in it comes out as one clean line (untrusted-text.ts). */
export function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return parseUntrustedJson(text);
  } catch {
    return NOT_JSON;
  }
}

/** What a non-JSON body looked like, in a few words (an HTML page, truncated JSON). */
export function describeNonJson(text: string, contentType: string | undefined): string {
  const start = text.trimStart();
  const snippet = cleanText(start.slice(0, 60).replace(/\s+/g, " "));
  if (/^[[{]/.test(start)) return `invalid or truncated JSON (${text.length} bytes)`;
  const type = contentType ? `${shown(contentType.split(";")[0] ?? "")} ` : "";
  return `expected JSON but got ${type}${text.length} bytes starting ${quoted(snippet)}`;
}
