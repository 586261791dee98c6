import { defineConfig } from "vitest/config";

/**
 * Tests by kind, one vitest project each (`vitest run --project unit`):
 * - unit: pure logic and the emulator on its own; no MCP server, no dist/, seconds.
 * - mcp: a real MCP client over the in-memory transport, against the emulator or a fake API.
 * - process: spawns the built server (dist/), so it needs `npm run build` first.
 * - fuzz: property-based fuzzing of every tool's input, through the in-memory client.
 * `npm test` builds once and runs all four.
 */
const project = (name: string, extra: { globalSetup?: string[] } = {}) => ({
  extends: true as const,
  test: { name, include: [`test/${name}/**/*.test.ts`], ...extra },
});

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
    projects: [
      project("unit"),
      project("mcp"),
      project("process", { globalSetup: ["./test/helpers/require-build.ts"] }),
      project("fuzz"),
    ],
  },
});
