/** The README and the docs, read as the tests that run them read them: by section, and by fenced block. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const README = readFileSync(join(ROOT, "README.md"), "utf8");

/** A document of the repository, by its path from the root (docs/team-mode.md). */
export function doc(path: string): string {
  return readFileSync(join(ROOT, path), "utf8");
}

/** The text of `## title`, up to the next `## `. */
export function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  expect(start, `README section "${title}"`).toBeGreaterThanOrEqual(0);
  const next = README.indexOf("\n## ", start + 1);
  return README.slice(start, next < 0 ? undefined : next);
}

/** The fenced blocks of a language, with a list item's two-space indent taken off. */
export function blocks(text: string, lang: string): string[] {
  return [...text.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) =>
    (m[1] ?? "").replace(/^ {2}/gm, ""),
  );
}
