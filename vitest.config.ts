import { defineConfig } from "vitest/config";

/**
 * Tests by kind, one vitest project each (`vitest run --project unit`):
 * - unit: pure logic and the emulator on its own; no MCP server, no dist/, seconds.
 * - mcp: a real MCP client over the in-memory transport, against the emulator or a fake API.
 * - process: spawns the built server (dist/), so it needs `npm run build` first.
 * - fuzz: property-based fuzzing of every tool's input, through the in-memory client.
 * `npm test` builds once and runs all four.
 */
const project = (
  name: string,
  extra: { globalSetup?: string[]; isolate?: boolean; pool?: "threads" | "forks" } = {},
) => ({
  extends: true as const,
  test: { name, include: [`test/${name}/**/*.test.ts`], ...extra },
});

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
    projects: [
      // Pure functions and the emulator, no global state between files: one module graph per
      // worker thread instead of one per file (an import cost paid 63 times was most of its 40 s).
      project("unit", { isolate: false, pool: "threads" }),
      project("mcp"),
      project("process", { globalSetup: ["./test/helpers/require-build.ts"] }),
      project("fuzz"),
    ],
  },
});
