/** Plain-text tables for the terminal: first column left-aligned, the rest right-aligned. */
import { stdout } from "node:process";

export function printTable(
  title: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  stdout.write(`\n${title}\n${line(header)}\n${rule}\n${rows.map(line).join("\n")}\n`);
}

export function note(text: string): void {
  stdout.write(`  ${text}\n`);
}
