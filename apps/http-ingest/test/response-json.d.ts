// Test-only typing: response bodies in tests are asserted field by field, so `json()` is loose here.
declare global {
  interface Response {
    // biome-ignore lint/suspicious/noExplicitAny: test assertions inspect bodies dynamically
    json(): Promise<any>;
  }
}

export {};
