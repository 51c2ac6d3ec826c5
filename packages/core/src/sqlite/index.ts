export { SQLITE_SCHEMA_VERSION } from "./sqlite-schema.ts";
export type { SqliteStoresOptions } from "./sqlite-stores.ts";
export { createSqliteStores } from "./sqlite-stores.ts";
export { tokenKeyFilePath } from "./sqlite-token-key-file.ts";
