import { Agent, MockAgent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { readinessProbe } from "../../../src/http/team-server.js";
import { closedPort } from "../../helpers/net.js";

const API = "http://api.test";

let dispatchers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(dispatchers.map((d) => d.close()));
  dispatchers = [];
});

/** A mocked API answering GET / with `status` after `delayMs`, counting the probes. */
function mockedApi(status: number, delayMs = 0) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  dispatchers.push(agent);
  let probes = 0;
  const scope = agent
    .get(API)
    .intercept({ path: "/", method: "GET" })
    .reply(status, () => {
      probes += 1;
      return "";
    });
  (delayMs > 0 ? scope.delay(delayMs) : scope).persist();
  return { agent, probes: () => probes };
}

describe("readinessProbe", () => {
  it("counts any HTTP answer as ready, a 401 included (the probe has no key)", async () => {
    const { agent } = mockedApi(401);
    expect(await readinessProbe(API, agent)()).toEqual({
      ready: true,
      detail: "API answered HTTP 401",
    });
  });

  it("remembers the answer for 5 s, then asks again", async () => {
    const { agent, probes } = mockedApi(200);
    let clock = 0;
    const ready = readinessProbe(API, agent, () => clock);
    await ready();
    clock = 4_999;
    await ready();
    expect(probes()).toBe(1);
    clock = 5_000;
    await ready();
    expect(probes()).toBe(2);
  });

  it("runs one probe at a time: callers who ask meanwhile share it", async () => {
    const { agent, probes } = mockedApi(200, 50);
    const ready = readinessProbe(API, agent, () => 0);
    const answers = await Promise.all([ready(), ready(), ready()]);
    expect(probes()).toBe(1);
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]?.ready).toBe(true);
  });

  it("is down when the API refuses the connection, and says how without naming the address", async () => {
    const agent = new Agent();
    dispatchers.push(agent);
    const url = `http://127.0.0.1:${await closedPort()}/`;
    const result = await readinessProbe(url, agent)();
    expect(result.ready).toBe(false);
    expect(result.detail).toBe("the API did not answer (ECONNREFUSED)");
    expect(result.detail).not.toContain("127.0.0.1");
  });
});
