import type { Helpdesk, OutageProblems } from "@ispn/core";
import { createMockOutageProblems, type MockHelpdesk } from "@ispn/helpdesk-mock";
import type { SdpClient } from "@ispn/sdp-client";
import type { CommonConfig } from "./common-config.ts";
import { ConfigError } from "./config-error.ts";

const isMock = (helpdesk: Helpdesk | undefined): helpdesk is MockHelpdesk =>
  helpdesk !== undefined && (helpdesk as Partial<MockHelpdesk>).kind === "mock" && "itsm" in helpdesk;

/**
 * The problems behind `OUTAGE_TICKETS=problem`: ServiceDesk Plus problems (HELPDESK=sdp) or the
 * mock's. `undefined` with the default `OUTAGE_TICKETS=request`. Throws `ConfigError` when the
 * helpdesk has no problems.
 */
export async function createOutageProblems(
  config: Pick<CommonConfig, "outageTickets">,
  helpdesk: { sdp?: SdpClient | undefined; mock?: MockHelpdesk | undefined; injected?: Helpdesk | undefined },
): Promise<OutageProblems | undefined> {
  if (config.outageTickets !== "problem") return undefined;
  if (helpdesk.sdp) {
    const { createSdpOutageProblems } = await import("@ispn/sdp-client");
    return createSdpOutageProblems({ client: helpdesk.sdp });
  }
  const mock = helpdesk.mock ?? (isMock(helpdesk.injected) ? helpdesk.injected : undefined);
  if (mock) return createMockOutageProblems(mock);
  throw new ConfigError([
    { variable: "OUTAGE_TICKETS", message: "problem needs a helpdesk with problems: HELPDESK=sdp or mock" },
  ]);
}
