/**
 * Every property can fail: each is run against a deliberately broken copy of
 * a real tool (or a dying session) and must report a counterexample, for the
 * reason the property exists.
 */
import fc from "fast-check";
import { z } from "zod";
import { afterEach, describe, expect, it } from "vitest";
import { defineTool, type ToolDefinition } from "../../src/tools/define.js";
import { ALL_TOOLS } from "../../src/tools/all-tools.js";
import { cronProperty, newTally, toolProperty } from "./properties.js";
import { startRig, type Rig } from "./fuzz-rig.js";

const real = (name: string): ToolDefinition => {
  const tool = ALL_TOOLS.find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  return tool;
};

const mutants: ReadonlyArray<[string, ToolDefinition, RegExp]> = [
  [
    "property 2: a service_id schema without its pattern lets hostile ids through",
    defineTool({
      ...real("list_service_backups"),
      // Printable ASCII only: "/", "..", "%2F" and "schedules" get through, lone surrogates do not.
      input: z.strictObject({
        service_id: z.string().regex(/^[ -~]+$/),
        page: z.number().optional(),
        page_size: z.number().optional(),
      }),
    }),
    /no request for an invalid input/,
  ],
  [
    "property 3: a query value that is not the one given",
    defineTool({
      ...real("list_backups"),
      run: (args: { page?: number }, ctx) =>
        real("list_backups").run({ ...args, page: (args.page ?? 1) + 1 }, ctx),
    }),
    /page round-trips/,
  ],
  [
    "property 3: an id that grows a path segment",
    defineTool({
      ...real("get_backup_schedule"),
      run: async (args: { id: number }, ctx) => {
        await ctx.api.listServiceBackups(`${args.id}/../schedules`, {}, { signal: ctx.signal });
        return { structured: {}, text: "" };
      },
    }),
    /API's routes/,
  ],
  [
    "property 4: a handler that breaks",
    defineTool({
      ...real("delete_backup_schedule"),
      run: () => Promise.reject(new TypeError("cannot read properties of undefined")),
    }),
    /no internal error/,
  ],
];

describe("each property catches a broken tool", () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });
  /** Why the property failed (the assertion behind fast-check's report), or "passed". */
  async function failure(property: fc.IAsyncProperty<[unknown]>): Promise<string> {
    try {
      await fc.assert(property, { numRuns: 200, seed: 1, endOnFailure: true });
      return "passed";
    } catch (error) {
      const cause = error instanceof Error ? error.cause : undefined;
      return cause instanceof Error ? cause.message : String(error);
    }
  }

  it.each(mutants)("%s", async (_what, tool, reason) => {
    rig = await startRig([tool]);
    expect(await failure(toolProperty(rig, tool.name, newTally()))).toMatch(reason);
  });

  it("property 1: a session that dies mid-run", async () => {
    const live = await startRig();
    rig = live;
    let calls = 0;
    const dying: Rig = {
      ...live,
      async call(spec, args) {
        calls += 1;
        if (calls === 20) await live.h.client.close();
        return live.call(spec, args);
      },
    };
    expect(await failure(toolProperty(dying, "list_backups", newTally()))).toMatch(
      /threw instead of returning a result/,
    );
  });

  it("property 5: a create that rewrites the schedule before sending it", async () => {
    const create = real("create_backup_schedule");
    const rewriting = defineTool({
      ...create,
      run: (args: { schedule: string }, ctx) =>
        create.run({ ...args, schedule: args.schedule.split(/\s+/).join(" ") }, ctx),
    });
    rig = await startRig([rewriting, real("list_backups")]);
    expect(await failure(cronProperty(rig, newTally()))).toMatch(/to match object/);
  });
});
