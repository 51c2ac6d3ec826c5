import type { ServiceDeskModules } from "./service-desk-modules.ts";

/**
 * Modules that are built on first use: every call, however deep (`problems.notes.list(…)`), first
 * awaits `load()`, then calls the real method. Keeps the SDP client and the mock's SDP app (and the
 * HTTP libraries under them) out of the start-up path. All module methods return promises, so a
 * call that waits is indistinguishable from a direct one.
 */
export function lazyModules(load: () => Promise<ServiceDeskModules>): ServiceDeskModules {
  let loading: Promise<ServiceDeskModules> | undefined;
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
  return at([]) as ServiceDeskModules;
}
