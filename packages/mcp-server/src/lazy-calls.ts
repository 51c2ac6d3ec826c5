/**
 * An object whose methods all return promises, obtained on first use: every call, however deep
 * (`problems.notes.list(…)`), first awaits `load()` (once), then calls the real method. Keeps the SDP
 * client and the mock's SDP app (and the HTTP libraries under them) out of the start-up path, and
 * lets tools be registered before a lazy runtime is open. A call that waits is indistinguishable
 * from a direct one; a rejected `load()` fails the calls.
 */
export function lazyCalls<T extends object>(load: () => Promise<T>): T {
  let loading: Promise<T> | undefined;
  const at = (path: readonly string[]): unknown =>
    new Proxy(() => {}, {
      get: (_target, prop) => (prop === "then" || typeof prop === "symbol" ? undefined : at([...path, prop])),
      apply: async (_target, _this, args: unknown[]) => {
        loading ??= load();
        let owner: unknown = await loading;
        for (const key of path.slice(0, -1)) owner = (owner as Record<string, unknown>)[key];
        const method = (owner as Record<string, unknown>)[path[path.length - 1] as string];
        return (method as (...a: unknown[]) => unknown).apply(owner, args);
      },
    });
  return at([]) as T;
}
