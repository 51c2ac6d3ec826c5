import { describe, expect, it } from "vitest";
import {
  type Directive,
  effectiveProxyHeaders,
  effectiveValue,
  findBlocks,
  nginxSize,
  parseNginx,
} from "./nginx-conf.ts";
import { envExampleDefault, readRepoFile } from "./repo-files.ts";

/** Each `location` that proxies, with the directive levels around it (http, server, location). */
function proxiedLocations(conf: Directive[]): { path: string; levels: Directive[][] }[] {
  const http = conf;
  return findBlocks(conf, "server").flatMap((server) =>
    findBlocks(server.children!, "location")
      .filter((location) => location.children!.some((d) => d.name === "proxy_pass"))
      .map((location) => ({
        path: location.args.join(" "),
        levels: [http, server.children!, location.children!],
      })),
  );
}

describe.each([
  ["deploy/nginx/ispn-bridge.conf", "http://127.0.0.1:3000"],
  ["deploy/compose/nginx-replicas.conf", "http://http_ingest"],
])("%s", (file, upstream) => {
  const conf = parseNginx(readRepoFile(file));
  const locations = proxiedLocations(conf);

  it("overwrites X-Forwarded-For with the caller's address in every proxied location", () => {
    expect(locations.length).toBeGreaterThan(0);
    for (const { path, levels } of locations) {
      expect({ path, xff: effectiveProxyHeaders(levels).get("x-forwarded-for") }).toEqual({
        path,
        xff: "$remote_addr",
      });
    }
  });

  it("never appends what the client sent ($proxy_add_x_forwarded_for)", () => {
    expect(readRepoFile(file)).not.toContain("$proxy_add_x_forwarded_for");
  });

  it("proxies to the app", () => {
    for (const { levels } of locations) expect(effectiveValue(levels, "proxy_pass")).toBe(upstream);
  });

  it("limits bodies like the app: handoffs at BODY_LIMIT_BYTES, webhooks at WEBHOOK_BODY_LIMIT_BYTES", () => {
    for (const { path, levels } of locations) {
      const limit = nginxSize(effectiveValue(levels, "client_max_body_size")!);
      const variable = path.startsWith("/webhooks/") ? "WEBHOOK_BODY_LIMIT_BYTES" : "BODY_LIMIT_BYTES";
      expect({ path, limit }).toEqual({ path, limit: Number(envExampleDefault(variable)) });
    }
  });
});

describe("deploy/nginx/ispn-bridge.conf", () => {
  const servers = findBlocks(parseNginx(readRepoFile("deploy/nginx/ispn-bridge.conf")), "server");

  it("serves TLS on 443 and sends plain HTTP there", () => {
    const tls = servers.find((s) => s.children!.some((d) => d.name === "listen" && d.args.includes("443")));
    expect(tls?.children?.find((d) => d.name === "listen")?.args).toContain("ssl");
    expect(tls?.children?.some((d) => d.name === "ssl_certificate")).toBe(true);
    const plain = servers.find((s) => s.children!.some((d) => d.name === "listen" && d.args[0] === "80"));
    expect(plain?.children?.find((d) => d.name === "return")?.args[0]).toBe("301");
  });

  it("keeps /metrics to the monitoring network", () => {
    const metrics = findBlocks(
      servers.flatMap((s) => s.children!),
      "location",
    ).find((l) => l.args.join(" ") === "= /metrics");
    expect(metrics?.children?.map((d) => d.name)).toEqual(expect.arrayContaining(["allow", "deny"]));
  });
});
