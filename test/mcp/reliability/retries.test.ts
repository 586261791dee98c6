import { describe, expect } from "vitest";
import { parseRetryAfter } from "../../../src/api/transport.js";
import { json, withKnownService, type FakeHandler } from "../../helpers/fake-api.js";
import { fakeApiTest as it } from "../../helpers/fixtures.js";
import { textOf } from "../../helpers/harness.js";

/** Answers the n-th request with answers[n] (the last one repeats). */
function script(answers: FakeHandler[]): FakeHandler {
  let count = 0;
  return (req, res) => (answers[Math.min(count++, answers.length - 1)] ?? answers[0]!)(req, res);
}

const status =
  (code: number, headers: Record<string, string> = {}): FakeHandler =>
  (_req, res) => {
    res.writeHead(code, { "content-type": "application/json", ...headers });
    res.end(
      JSON.stringify({
        code,
        errors: [{ error: "x", message: `status ${code}` }],
        trace_id: `t${code}`,
      }),
    );
  };
const page: FakeHandler = (_req, res) =>
  json(res, 200, { backups: [{ id: "a" }], backups_count: 1, pages_count: 1 });

describe("retries", () => {
  it("a GET survives 503, 502 and 504 and succeeds on the fourth try", async ({ againstFake }) => {
    const { seen, call } = await againstFake(script([status(503), status(502), status(504), page]));
    const result = await call("list_backups", {});
    expect(result.isError).toBeFalsy();
    expect(seen).toHaveLength(4);
  });

  it("gives up after SKYSQL_MAX_RETRIES with the last error", async ({ againstFake }) => {
    const { seen, call } = await againstFake(script([status(503)]), { maxRetries: 2 });
    const result = await call("list_backups", {});
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('503 Service Unavailable: "status 503" (trace_id t503)');
    expect(seen).toHaveLength(3);
  });

  it("honours Retry-After in seconds", async ({ againstFake }) => {
    const { seen, call } = await againstFake(script([status(429, { "retry-after": "1" }), page]));
    const started = Date.now();
    const result = await call("list_backups", {});
    expect(result.isError).toBeFalsy();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(seen).toHaveLength(2);
  });

  it("does not wait for a Retry-After longer than 30 s: it reports the 429 at once", async ({
    againstFake,
  }) => {
    const { seen, call } = await againstFake(
      script([status(429, { "retry-after": "3600" }), page]),
    );
    const result = await call("list_backups", {});
    expect(textOf(result)).toContain("429 Too Many Requests");
    expect(seen).toHaveLength(1);
  });

  it("does not retry a 500 or a write", async ({ againstFake }) => {
    const reads = await againstFake(script([status(500), page]));
    expect((await reads.call("list_backups", {})).isError).toBe(true);
    expect(reads.seen).toHaveLength(1);
    // Two GETs prove the service is known, one reads running backups, then the POST meets the 503.
    const lookup = withKnownService("dbabc12345678", page);
    const writes = await againstFake(script([lookup, lookup, page, status(503), page]));
    const created = await writes.call("create_backup_schedule", {
      service_id: "dbabc12345678",
      backup_type: "full",
      schedule: "once",
    });
    expect(created.isError).toBe(true);
    expect(writes.seen.filter((line) => line.startsWith("POST"))).toHaveLength(1);
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-11-27T10:00:00Z");
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter("Fri, 27 Nov 2026 10:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Fri, 27 Nov 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });
});
