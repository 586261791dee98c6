import { describe, expect, it } from "vitest";
import {
  fetchAllPages,
  createLimiter,
  allOrNothing,
  type FetchPage,
  type PageEvent,
} from "../../../src/paging/fetch-all.js";

interface Item {
  id: string;
}

const items = (n: number, prefix = "i"): Item[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}` }));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A paged list over `data` (read live, so tests can change it), with request accounting. */
function source(
  data: Item[],
  opts: { delayMs?: (page: number) => number; onRequest?: (page: number) => void } = {},
) {
  const stats = { requests: [] as number[], inFlight: 0, maxInFlight: 0 };
  const fetchPage: FetchPage<Item> = async (page, pageSize, signal) => {
    stats.requests.push(page);
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    try {
      opts.onRequest?.(page);
      await sleep(opts.delayMs?.(page) ?? 1);
      signal.throwIfAborted();
      const start = (page - 1) * pageSize;
      return {
        items: data.slice(start, start + pageSize),
        total: data.length,
        pages: Math.ceil(data.length / pageSize),
      };
    } finally {
      stats.inFlight -= 1;
    }
  };
  return { fetchPage, stats };
}

async function collect(
  fetchPage: FetchPage<Item>,
  options: Parameters<typeof fetchAllPages<Item>>[1] = {},
) {
  const seen: Item[] = [];
  const events: PageEvent[] = [];
  const progress: [number, number][] = [];
  const result = await fetchAllPages(fetchPage, {
    ...options,
    onPage: (page, event) => {
      seen.push(...page);
      events.push(event);
    },
    onProgress: (done, total) => progress.push([done, total]),
  });
  return { seen, events, progress, result };
}

describe("fetchAllPages", () => {
  it.each([
    [1001, 100, 11],
    [1000, 100, 10],
    [7, 3, 3],
    [1, 500, 1],
    [0, 500, 1],
  ])(
    "%i items at page size %i: every item exactly once over %i requests",
    async (n, pageSize, requests) => {
      const data = items(n);
      const { fetchPage, stats } = source(data, { delayMs: (p) => (p * 7) % 5 });
      const { seen, progress, result } = await collect(fetchPage, { pageSize, concurrency: 4 });
      expect(seen.map((i) => i.id).sort()).toEqual(data.map((i) => i.id).sort());
      expect(stats.requests.sort((a, b) => a - b)).toEqual(
        Array.from({ length: requests }, (_, i) => i + 1),
      );
      expect(result).toMatchObject({
        items: n,
        reportedTotal: n,
        pages: requests,
        truncated: false,
        duplicates: 0,
      });
      expect(progress.at(-1)).toEqual([requests, requests]);
      expect(progress.map(([done]) => done)).toEqual(
        Array.from({ length: requests }, (_, i) => i + 1),
      );
    },
  );

  it("keeps at most `concurrency` requests in flight, and a shared limiter bounds several pagers", async () => {
    const a = source(items(2000), { delayMs: () => 3 });
    await collect(a.fetchPage, { pageSize: 50, concurrency: 5 });
    expect(a.stats.maxInFlight).toBe(5);

    let inFlight = 0;
    let max = 0;
    const limiter = createLimiter(3);
    const counted =
      (s: ReturnType<typeof source>): FetchPage<Item> =>
      async (...args) => {
        inFlight += 1;
        max = Math.max(max, inFlight);
        try {
          return await s.fetchPage(...args);
        } finally {
          inFlight -= 1;
        }
      };
    const sources = [source(items(900, "a")), source(items(450, "b")), source(items(130, "c"))];
    const results = await Promise.all(
      sources.map((s) => collect(counted(s), { pageSize: 50, limiter })),
    );
    expect(results.map((r) => r.result.items)).toEqual([900, 450, 130]);
    expect(max).toBe(3);
  });

  it("stops at maxItems without reading the remaining pages", async () => {
    const { fetchPage, stats } = source(items(5000));
    const { seen, result } = await collect(fetchPage, {
      pageSize: 100,
      concurrency: 2,
      maxItems: 250,
    });
    expect(seen).toHaveLength(250);
    expect(result).toMatchObject({ items: 250, truncated: true });
    expect(stats.requests.length).toBeLessThanOrEqual(5);
    const exact = await collect(source(items(200)).fetchPage, { pageSize: 100, maxItems: 200 });
    expect(exact.result).toMatchObject({ items: 200, truncated: false });
  });

  it("honours an abort: rejects with the reason and delivers nothing afterwards", async () => {
    const controller = new AbortController();
    const { fetchPage, stats } = source(items(3000), {
      delayMs: () => 5,
      onRequest: (page) => {
        if (page === 6) controller.abort(new Error("caller gave up"));
      },
    });
    let delivered = 0;
    const run = fetchAllPages(fetchPage, {
      pageSize: 100,
      concurrency: 3,
      signal: controller.signal,
      onPage: () => (delivered += 1),
    });
    await expect(run).rejects.toThrow("caller gave up");
    const after = delivered;
    await sleep(30);
    expect(delivered).toBe(after);
    expect(delivered).toBeLessThan(30);
    expect(stats.requests.length).toBeLessThan(30);
    await expect(fetchAllPages(fetchPage, { signal: controller.signal })).rejects.toThrow(
      "caller gave up",
    );
  });

  it("a failing page rejects the whole read and stops the other requests", async () => {
    const base = source(items(3000), { delayMs: () => 2 });
    const failing: FetchPage<Item> = async (page, size, signal) => {
      if (page === 4) throw new Error("page 4 broke");
      return base.fetchPage(page, size, signal);
    };
    await expect(collect(failing, { pageSize: 100, concurrency: 3 })).rejects.toThrow(
      "page 4 broke",
    );
    expect(base.stats.requests.length).toBeLessThan(10);
  });

  it("survives the list changing between pages: no duplicates, later pages followed", async () => {
    // Newest first, like order=desc: an insert at the front shifts every later page by one.
    const data = items(1000);
    let inserted = 0;
    const { fetchPage } = source(data, {
      delayMs: (p) => (p === 1 ? 1 : 4 * p),
      onRequest: (page) => {
        if (page >= 3 && inserted < 5) {
          data.unshift({ id: `new${inserted}` });
          inserted += 1;
        }
      },
    });
    const { seen, result } = await collect(fetchPage, {
      pageSize: 100,
      concurrency: 1,
      idOf: (i) => i.id,
    });
    const ids = seen.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(result.duplicates).toBeGreaterThan(0);
    // Every original item was read once; the grown tail was followed, not dropped.
    for (let i = 0; i < 1000; i += 1) expect(ids).toContain(`i${i}`);
    expect(result.pages).toBe(11);
  });

  it("an empty page ends the read when the list shrank", async () => {
    const data = items(1000);
    const { fetchPage, stats } = source(data, {
      onRequest: (page) => {
        if (page === 2) data.splice(300);
      },
    });
    const { seen } = await collect(fetchPage, { pageSize: 100, concurrency: 1 });
    expect(seen).toHaveLength(300);
    // Page 4 came back empty, so pages 5-10 of the first count were never asked for.
    expect(stats.requests).toEqual([1, 2, 3, 4]);
  });
});

describe("allOrNothing", () => {
  it("aborts the siblings of a failed task and waits for them", async () => {
    const finished: string[] = [];
    const slow = async (signal: AbortSignal): Promise<string> => {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, 1000);
        signal.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(signal.reason);
        });
      });
      return "slow";
    };
    const failing = async (): Promise<string> => {
      await sleep(5);
      throw new Error("boom");
    };
    const started = Date.now();
    await expect(
      allOrNothing([(s) => slow(s).finally(() => finished.push("slow")), failing]),
    ).rejects.toThrow("boom");
    expect(finished).toEqual(["slow"]);
    expect(Date.now() - started).toBeLessThan(500);
    await expect(allOrNothing([async () => 1, async () => 2])).resolves.toEqual([1, 2]);
  });
});

describe("fetchAllPages with earlyPages: 1", () => {
  it("asks for page 2 with page 1, once, and delivers every page in full", async () => {
    const { fetchPage, stats } = source(items(25), { delayMs: (page) => (page === 1 ? 20 : 1) });
    const seen: string[] = [];
    const result = await fetchAllPages(fetchPage, {
      pageSize: 10,
      earlyPages: 1,
      onPage: (got) => seen.push(...got.map((i) => i.id)),
    });
    expect(stats.requests.slice(0, 2)).toEqual([1, 2]);
    expect([...stats.requests].sort()).toEqual([1, 2, 3]);
    expect(result).toMatchObject({ items: 25, pages: 3, truncated: false });
    expect(seen.sort()).toEqual(
      items(25)
        .map((i) => i.id)
        .sort(),
    );
  });

  it("on a one-page list, wastes one request and keeps nothing of it, and none is left running", async () => {
    const { fetchPage, stats } = source(items(4), { delayMs: (page) => (page === 2 ? 30 : 1) });
    const events: PageEvent[] = [];
    const result = await fetchAllPages(fetchPage, {
      pageSize: 10,
      earlyPages: 1,
      onPage: (_got, event) => events.push(event),
    });
    expect(stats.requests).toEqual([1, 2]);
    expect(stats.inFlight).toBe(0);
    expect(result).toMatchObject({ items: 4, pages: 1 });
    expect(events).toEqual([{ page: 1, pagesDone: 1, pagesTotal: 1 }]);
  });

  it("stops the early page 2 once page 1 says there is none, instead of waiting it out", async () => {
    let aborted = false;
    const fetchPage: FetchPage<Item> = (page, _size, signal) =>
      page === 1
        ? Promise.resolve({ items: items(3), total: 3, pages: 1 })
        : // Answers only by being cancelled: a walk that waited for it would never end.
          new Promise((_resolve, reject) =>
            signal.addEventListener("abort", () => {
              aborted = true;
              reject(signal.reason as Error);
            }),
          );
    const result = await fetchAllPages(fetchPage, { pageSize: 10, earlyPages: 1 });
    expect(result).toMatchObject({ items: 3, pages: 1 });
    expect(aborted).toBe(true);
  });

  it("when page 1 fails, stops page 2 and throws page 1's error after it settled", async () => {
    const { fetchPage: inner, stats } = source(items(30), { delayMs: () => 20 });
    const fetchPage: FetchPage<Item> = (page, size, signal) =>
      page === 1 ? Promise.reject(new Error("page 1 broke")) : inner(page, size, signal);
    await expect(fetchAllPages(fetchPage, { pageSize: 10, earlyPages: 1 })).rejects.toThrow(
      "page 1 broke",
    );
    expect(stats.inFlight).toBe(0);
  });
});

describe("fetchAllPages with earlyPages: 2", () => {
  it("uses the early pages a list has, stops the one past its end, and reads the rest after", async () => {
    for (const [count, used] of [
      [4, [1]],
      [15, [1, 2]],
      [25, [1, 2, 3]],
      [47, [1, 2, 3, 4, 5]],
    ] as const) {
      const stopped: number[] = [];
      const { fetchPage: inner, stats } = source(items(count), { delayMs: () => 5 });
      const fetchPage: FetchPage<Item> = (page, size, signal) => {
        signal.addEventListener("abort", () => stopped.push(page));
        return inner(page, size, signal);
      };
      const seen: string[] = [];
      const result = await fetchAllPages(fetchPage, {
        pageSize: 10,
        earlyPages: 2,
        onPage: (got) => seen.push(...got.map((i) => i.id)),
      });
      expect(stats.requests.slice(0, 3), `${count}: asked together`).toEqual([1, 2, 3]);
      expect(result, `${count}`).toMatchObject({ items: count, pages: used.length });
      expect(seen.sort(), `${count}: every record once`).toEqual(
        items(count)
          .map((i) => i.id)
          .sort(),
      );
      // Pages past the end are stopped; a page the list has is never asked for twice.
      expect(stopped.sort(), `${count}: stopped`).toEqual([2, 3].filter((p) => p > used.length));
      expect(stats.requests.filter((p) => p <= used.length).sort()).toEqual(used);
      expect(stats.inFlight).toBe(0);
    }
  });
});
