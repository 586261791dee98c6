import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { serviceId, scheduleId } from "../../../src/tools/define.js";
import { invalidApiIdText, isSendableId } from "../../../src/util/ids.js";

describe("isSendableId: one rule for caller and API ids", () => {
  it("refuses service ids that are short, long, path or query syntax, controls, non-ASCII or not text", () => {
    for (const bad of [
      "ab",
      "abcd",
      "d".repeat(65),
      "../x",
      "..",
      "a/b",
      "a b",
      "x?y=1",
      "x&y",
      "x#y",
      "x%2F",
      "dbx\n12345",
      "dbé00000001",
      "schedules",
      "-dbabc123",
      42,
      null,
      undefined,
      { id: "dbabc00000001" },
      ["dbabc00000001"],
    ])
      expect(isSendableId("service", bad), JSON.stringify(bad)).toBe(false);
    expect(isSendableId("service", "dbtgf28216706")).toBe(true);
    expect(isSendableId("service", "orders_prod-2")).toBe(true);
  });

  it("takes a schedule or restore id only as a whole number 1-2147483647, never coerced", () => {
    for (const bad of [0, -1, 1.5, 2 ** 31, Number.NaN, Infinity, "12", "0x10", " 12", "1e3", null])
      for (const kind of ["schedule", "restore"] as const)
        expect(isSendableId(kind, bad), `${kind} ${String(bad)}`).toBe(false);
    expect(isSendableId("restore", 1)).toBe(true);
    expect(isSendableId("schedule", 2 ** 31 - 1)).toBe(true);
  });

  it("refuses backup ids with path syntax, controls or '..'", () => {
    for (const bad of ["../evil", "a..b", "a/b", "a b", "a\nb", "", "x".repeat(201), 7])
      expect(isSendableId("backup", bad), JSON.stringify(bad)).toBe(false);
    expect(isSendableId("backup", `${"cd".repeat(16)}:dbtgf28216706:pod-0`)).toBe(true);
  });

  it("agrees with the caller-facing fields on any input", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.constantFrom("schedules")),
        (s) => {
          expect(isSendableId("service", s)).toBe(serviceId.safeParse(s).success);
        },
      ),
    );
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double()), (n) => {
        expect(isSendableId("schedule", n)).toBe(scheduleId.safeParse(n).success);
      }),
    );
  });
});

describe("invalidApiIdText", () => {
  it("quotes the id and clips it, so it can neither break a line nor fill the answer", () => {
    expect(invalidApiIdText("service", "ab")).toBe(
      'service id "ab" from the API is not a valid service id',
    );
    const text = invalidApiIdText("service", `x\n\u2028\u202e${"y".repeat(100)}`);
    expect(text).not.toMatch(/[\n\u2028\u202e]/);
    expect(text).toMatch(/^service id "x.* from the API is not a valid service id$/);
    expect(text.length).toBeLessThan(110);
    expect(invalidApiIdText("schedule", 1.5)).toBe(
      "schedule id 1.5 from the API is not a valid schedule id",
    );
  });
});
