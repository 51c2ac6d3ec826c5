export type { RedisStoresOptions } from "./redis-stores.ts";
export { createRedisStores, DEFAULT_REDIS_KEY_PREFIX } from "./redis-stores.ts";
