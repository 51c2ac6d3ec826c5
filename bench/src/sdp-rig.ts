import {
  createHandoffService,
  createMemoryStores,
  createOutboxDeliverer,
  type Handoff,
  type HandoffService,
  type Helpdesk,
  type OutboxDeliverer,
  prepareHandoff,
} from "@ispn/core";
import { type RunningSdpMock, startSdpMockServer } from "@ispn/helpdesk-mock";
import { createSdpClient, createSdpHelpdesk } from "@ispn/sdp-client";
import { type CountingFetch, createCountingFetch } from "./counting-fetch.ts";
import { FOUR_LINE } from "./handoff-bodies.ts";

/** The SDP path end to end: the SDP-compatible mock server, the real client and adapter, the core service. */
export interface SdpRig {
  mock: RunningSdpMock;
  counter: CountingFetch;
  handoffs: HandoffService;
  helpdesk: Helpdesk;
  /** The outbox deliverer (not started: call `deliverDue`), writing digest notes when `noteDigestMs` is set. */
  deliverer: OutboxDeliverer;
  submit(
    callerNumber: string,
    conversationId: string,
    oaKey?: string,
  ): Promise<{ created: boolean; ticketId: string }>;
  close(): Promise<void>;
}

/**
 * Starts the mock on loopback and points `createSdpClient` + `createSdpHelpdesk` at it (the mock's
 * self-client credentials, portal "itdesk") through a counting `fetch`, with the handoff service on
 * memory stores. `now` drives the mock's token expiry, the client's token cache and the dedup window
 * alike, so a virtual clock can stand in for hours of steady load.
 */
export async function startSdpRig(options: {
  tokenLifetimeSec: number;
  now?: () => number;
  matchRequesterByPhone?: boolean;
  /** With an outbox and coalesced notes (`createHandoffService`'s `noteDigestMs`). */
  noteDigestMs?: number;
}): Promise<SdpRig> {
  const now = options.now ?? Date.now;
  const mock = await startSdpMockServer({
    tokenLifetimeSec: options.tokenLifetimeSec,
    ...(options.now ? { now: options.now } : {}),
  });
  const counter = createCountingFetch(now);
  const client = createSdpClient({
    baseUrl: mock.url,
    accountsUrl: mock.accountsUrl,
    portal: mock.portal,
    clientId: "1000.mockclient",
    clientSecret: "mocksecret",
    refreshToken: "1000.mockrefresh",
    fetch: counter.fetch,
    now,
  });
  const helpdesk = createSdpHelpdesk({
    client,
    ...(options.matchRequesterByPhone === undefined
      ? {}
      : { mapping: { matchRequesterByPhone: options.matchRequesterByPhone } }),
  });
  const stores = createMemoryStores();
  const handoffs = createHandoffService({
    helpdesk,
    dedup: stores.dedup,
    now,
    ...(options.noteDigestMs
      ? { outbox: stores.outbox, seen: stores.replay, noteDigestMs: options.noteDigestMs }
      : {}),
  });
  const deliverer = createOutboxDeliverer({ outbox: stores.outbox, handoffs, helpdesk, now, paceMs: 0 });
  const prepare = (callerNumber: string, conversationId: string, oaKey?: string): Handoff => {
    const prepared = prepareHandoff({
      note: FOUR_LINE,
      callerNumber,
      conversationId,
      ...(oaKey ? { oaKey } : {}),
    });
    if (!prepared.ok) throw new Error(`bench handoff is invalid: ${JSON.stringify(prepared.issues)}`);
    return prepared.value;
  };
  return {
    mock,
    counter,
    handoffs,
    helpdesk,
    deliverer,
    async submit(callerNumber, conversationId, oaKey) {
      const result = await handoffs.submit(prepare(callerNumber, conversationId, oaKey), {
        handoffId: conversationId,
      });
      return { created: result.created, ticketId: result.ticketId };
    },
    async close() {
      await deliverer.stop();
      await handoffs.drain();
      await stores.close();
      await mock.close();
    },
  };
}
