import { afterEach, expect, it } from "vitest";
import { createHarness, type Harness, handoffBody, OTHER_TOKEN, postHandoff } from "../../test/harness.ts";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

it("limits each client to its requests per second, with RateLimit headers and Retry-After", async () => {
  h = await createHarness({ rateLimitPerSecond: 3 });
  h.clock.now = Math.floor(h.clock.now / 1000) * 1000 + 200;
  const answers = [];
  for (let i = 0; i < 4; i++)
    answers.push(await postHandoff(h, handoffBody({ callerNumber: `+1415555012${i}` })));
  expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 429]);
  expect(answers[0]!.headers.get("ratelimit-policy")).toBe('"default";q=3;w=1');
  expect(answers[1]!.headers.get("ratelimit")).toBe('"default";r=1;t=1');
  const limited = answers[3]!;
  expect(limited.headers.get("retry-after")).toBe("1");
  expect((await limited.json()).error.code).toBe("rate_limited");
  const otherClient = await postHandoff(h, handoffBody(), { authorization: `Bearer ${OTHER_TOKEN}` });
  expect(otherClient.status).toBe(200);
  h.clock.now += 1000;
  expect((await postHandoff(h, handoffBody())).status).toBe(200);
});
