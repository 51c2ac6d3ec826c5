import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startSdpMockServer } from "@ispn/helpdesk-mock";
import { expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

it("runs the README's adapter example against the SDP mock", async () => {
  const readme = await readFile(`${packageDir}README.md`, "utf8");
  const example = /## Examples[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toContain("createSdpHelpdesk");
  // Inside the package, so `@ispn/sdp-client` resolves to itself (Node package self-reference).
  await mkdir(`${packageDir}.test-results`, { recursive: true });
  const file = `${packageDir}.test-results/readme-example.ts`;
  await writeFile(file, example ?? "");
  const mock = await startSdpMockServer();
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ["--conditions=@ispn/source", file], {
      env: {
        ...process.env,
        SDP_BASE_URL: mock.url,
        SDP_PORTAL: mock.portal,
        SDP_ACCOUNTS_URL: mock.accountsUrl,
        SDP_CLIENT_ID: "1000.mockclient",
        SDP_CLIENT_SECRET: "mocksecret",
        SDP_REFRESH_TOKEN: "1000.mockrefresh",
      },
    });
    expect(stdout).toMatch(
      new RegExp(
        `^ticket \\S+: \\[WiFi\\] No WiFi after power cut ${mock.url}/app/itdesk/ui/requests/\\S+/details$`,
        "m",
      ),
    );
    expect(stdout).toMatch(/^open: \S+ \[WiFi\] No WiFi after power cut$/m);
  } finally {
    await mock.close();
  }
});
