/**
 * The audit waits for round trips in parallel, not in phases: a service's
 * schedules and restores are asked for as soon as its id is known (seen on a
 * backup page, or asked for), while later backup pages are still on the way.
 * A hand-written upstream holds the second backup page back until it has
 * seen those requests; an audit that reads in phases would wait for page 2
 * before asking, and the upstream answers page 2 anyway after a second, so
 * the test fails on the order, never by hanging. (Page 2 itself is asked for
 * with page 1, as the whole account's list always is.)
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { json } from "../../helpers/fake-api.js";
import { callAgainstFake } from "../../helpers/fake-client.js";

const A = "dbaaa00000001";
const B = "dbbbb00000002";
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function backup(i: number, service: string) {
  const start = Date.now() - (i + 1) * HOUR;
  return {
    id: `b${i}`,
    service_id: service,
    type: "full",
    status: "Succeeded",
    start_time: iso(start),
    end_time: iso(start + 600_000),
    point_in_time: iso(start + 600_000)
      .replace("T", " ")
      .replace("Z", ""),
  };
}

describe("audit_backups starts every list a service needs once its id is known", () => {
  it("asks for A's schedules and restores before backup page 2 arrives, and B's as page 2 names B", async () => {
    const events: string[] = [];
    let releasePage2: () => void = () => undefined;
    const page2Held = new Promise<void>((resolve) => {
      releasePage2 = resolve;
      setTimeout(resolve, 1_000).unref();
    });
    const seenEarly = new Set<string>();
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      const url = new URL(req.url ?? "/", "http://x");
      const service = url.searchParams.get("service_id") ?? "";
      if (url.pathname.endsWith("/backups/schedules")) {
        events.push(`schedules ${service}`);
        seenEarly.add(`schedules ${service}`);
        if (seenEarly.has(`schedules ${A}`) && seenEarly.has(`restores ${A}`)) releasePage2();
        return json(res, 200, { schedules: [], schedules_count: 0, pages_count: 0 });
      }
      if (url.pathname.endsWith("/restores")) {
        events.push(`restores ${service}`);
        seenEarly.add(`restores ${service}`);
        if (seenEarly.has(`schedules ${A}`) && seenEarly.has(`restores ${A}`)) releasePage2();
        return json(res, 200, { restores: [], restores_count: 0, pages_count: 0 });
      }
      if (url.pathname.endsWith("/backups")) {
        const page = Number(url.searchParams.get("page") ?? "1");
        const size = Number(url.searchParams.get("page_size") ?? "500");
        // Page 1 names only A; page 2 names only B.
        const items = Array.from({ length: page === 1 ? size : 3 }, (_, i) =>
          backup(i + (page - 1) * size, page === 1 ? A : B),
        );
        const body = { backups: items, backups_count: size + 3, pages_count: 2 };
        if (page === 1) {
          events.push("backups page 1");
          return json(res, 200, body);
        }
        events.push("backups page 2 asked");
        void page2Held.then(() => {
          events.push("backups page 2 sent");
          json(res, 200, body);
        });
        return;
      }
      json(res, 404, { message: "not here" });
    };
    const result = await callAgainstFake(handler, "audit_backups");
    expect(result.isError).toBeFalsy();
    const at = (event: string) => events.indexOf(event);
    // Page 2 is asked for with page 1, before its count is known; A is first seen on page 1.
    expect(at("backups page 1")).toBeLessThan(at(`schedules ${A}`));
    expect(at("backups page 2 asked")).toBeGreaterThanOrEqual(0);
    // A's lists went out while page 2 was held, which only they could release.
    expect(at(`schedules ${A}`)).toBeLessThan(at("backups page 2 sent"));
    expect(at(`restores ${A}`)).toBeLessThan(at("backups page 2 sent"));
    // B is known only from page 2: its lists follow it, once each.
    expect(at(`schedules ${B}`)).toBeGreaterThan(at("backups page 2 sent"));
    expect(events.filter((e) => e === `schedules ${B}`)).toHaveLength(1);
    expect(events.filter((e) => e === `restores ${B}`)).toHaveLength(1);
    expect(events.filter((e) => e === `schedules ${A}`)).toHaveLength(1);
  });
});
