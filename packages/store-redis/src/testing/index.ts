export type { OwnTestRedis, TestRedis, TestRedisSkip } from "./test-redis.ts";
export { startTestRedis } from "./test-redis.ts";
