import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";

/**
 * Who makes a request. Over stdio there is none (the person at the desktop owns the process); over
 * an authenticated transport (Streamable HTTP with bearer tokens) it is the token's person.
 */
export interface Actor {
  /** The person's name, to be written on the notes and updates they make. */
  name: string;
  /** What the actor may do (e.g. `read`, `write`, `handoff`); the transport decides the vocabulary. */
  scopes: readonly string[];
  /** Anything else the transport knows about the actor (e.g. a voice profile's caller). */
  extra?: Readonly<Record<string, unknown>>;
}

/** What the SDK tells a handler about the request it serves (part of `RequestHandlerExtra`). */
export interface RequestInfo {
  /** Set by an authenticating transport (the SDK's `requireBearerAuth` puts it on `req.auth`). */
  authInfo?: AuthInfo;
  sessionId?: string;
}

/** Finds the actor of one request; `undefined` when the request has none. */
export type ActorResolver = (request: RequestInfo) => Actor | undefined;

/**
 * The default resolver: no actor over stdio; over an authenticated transport, the token's
 * `extra.name` (else its `clientId`) and its scopes.
 */
export const actorFromAuthInfo: ActorResolver = ({ authInfo }) => {
  if (!authInfo) return undefined;
  const name = typeof authInfo.extra?.name === "string" ? authInfo.extra.name : authInfo.clientId;
  return { name, scopes: authInfo.scopes, ...(authInfo.extra ? { extra: authInfo.extra } : {}) };
};

/** The resolver for `McpServerDeps.actor`: a fixed actor, a function, or {@link actorFromAuthInfo}. */
export function toActorResolver(actor: Actor | ActorResolver | undefined): ActorResolver {
  if (typeof actor === "function") return actor;
  if (actor) return () => actor;
  return actorFromAuthInfo;
}
