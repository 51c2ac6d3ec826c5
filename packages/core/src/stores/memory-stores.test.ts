import { runStoreContract } from "../testing/store-contract.ts";
import { createMemoryStores } from "./memory-stores.ts";

runStoreContract("memory", async () => ({ stores: createMemoryStores() }));
