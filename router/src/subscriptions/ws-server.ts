import type { IncomingMessage, Server } from 'node:http';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { FormattedExecutionResult, GraphQLSchema, ValidationRule } from 'graphql';
import { apiTokenPrefix } from '@mcp-portal/schema';
import { z } from 'zod';
import {
  bearerToken,
  viewerFromAuthorization,
  withoutSuggestions,
  type ApiTokenExchanger,
  type Logger,
  type TokenVerifier,
  type VerifiedToken,
} from '@mcp-portal/kit';
import { preInitMessageBytes, type SubscriptionLimits } from '../settings.ts';
import type { SubscriptionEngine } from './engine.ts';
import { prepareSubscription, type PreparedSubscription } from './prepare.ts';

/** The graphql-transport-ws protocol (the one graphql-ws clients speak). */
export const subprotocol = 'graphql-transport-ws';

export const closeCodes = {
  badRequest: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  subprotocolNotAcceptable: 4406,
  initTimeout: 4408,
  subscriberExists: 4409,
  tooManyInits: 4429,
  messageTooBig: 1009,
  slowConsumer: 1013,
} as const;

const messageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('connection_init'), payload: z.record(z.string(), z.unknown()).nullish() }),
  z.object({ type: z.literal('ping'), payload: z.unknown().optional() }),
  z.object({ type: z.literal('pong'), payload: z.unknown().optional() }),
  z.object({
    type: z.literal('subscribe'),
    id: z.string().min(1).max(256),
    payload: z.object({
      query: z.string().max(100_000),
      operationName: z.string().nullish(),
      variables: z.record(z.string(), z.unknown()).nullish(),
      extensions: z.record(z.string(), z.unknown()).nullish(),
    }),
  }),
  z.object({ type: z.literal('complete'), id: z.string().min(1).max(256) }),
]);
type ClientMessage = z.infer<typeof messageSchema>;

export interface SubscriptionServerOptions {
  httpServer: Server;
  path: string;
  schema: () => GraphQLSchema;
  verifier: TokenVerifier;
  apiTokens: ApiTokenExchanger;
  engine: SubscriptionEngine;
  validationRules: readonly ValidationRule[];
  fieldSuggestions: boolean;
  maxTokens: number;
  limits: SubscriptionLimits;
  logger: Logger;
  connectionInitTimeoutMs?: number;
  keepAliveMs?: number;
  /** A socket that has this much unsent data is too slow to follow live events: it is closed. */
  maxBufferedBytes?: number;
}

/** `authorization: "Bearer …"` or `token: "…"` in the connection_init payload. */
function authorizationFrom(params: Record<string, unknown> | null | undefined): string | undefined {
  const header = params?.authorization ?? params?.Authorization;
  if (typeof header === 'string') return header;
  if (typeof params?.token === 'string') return `Bearer ${params.token}`;
  return undefined;
}

/** Subscriptions held per user over all sockets of this process. */
class UserQuota {
  private readonly held = new Map<string, number>();

  constructor(private readonly max: number) {}

  take(userId: string): boolean {
    const count = this.held.get(userId) ?? 0;
    if (count >= this.max) return false;
    this.held.set(userId, count + 1);
    return true;
  }

  give(userId: string): void {
    const count = (this.held.get(userId) ?? 1) - 1;
    if (count > 0) this.held.set(userId, count);
    else this.held.delete(userId);
  }
}

const tooManyJson = (idJson: string, message: string) =>
  `{"id":${idJson},"type":"error","payload":${JSON.stringify([{ message, extensions: { code: 'TOO_MANY_REQUESTS' } }])}}`;

/** One client socket: the protocol's state machine. Results arrive pre-serialised from the engine. */
class Connection {
  private state: 'awaiting-init' | 'initialising' | 'ready' = 'awaiting-init';
  private auth: (VerifiedToken & { authorization: string }) | null = null;
  /** What the client presented at connection_init (a JWT or an API token). */
  private presented: string | null = null;
  /** Subscription id → its unsubscribe function (null while it is being set up). */
  private readonly subscriptions = new Map<string, (() => void) | null>();
  private readonly initTimer: NodeJS.Timeout;
  alive = true;

  constructor(
    private readonly socket: WebSocket,
    private readonly options: SubscriptionServerOptions,
    private readonly quota: UserQuota,
  ) {
    this.initTimer = setTimeout(() => this.close(closeCodes.initTimeout, 'Connection initialisation timeout'), options.connectionInitTimeoutMs ?? 3_000);
    socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    socket.on('pong', () => (this.alive = true));
    socket.on('close', () => this.dispose());
    socket.on('error', () => this.dispose());
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    // ws refuses a frame bigger than maxMessageBytes before reading it; before the client has shown a
    // token, anything bigger than a connection_init needs to be is refused unparsed.
    if (this.state !== 'ready' && byteLength(data) > preInitMessageBytes) return this.close(closeCodes.messageTooBig, 'Message too big');
    let message: ClientMessage;
    try {
      message = messageSchema.parse(JSON.parse(isBinary ? '' : data.toString()));
    } catch {
      return this.close(closeCodes.badRequest, 'Invalid message received');
    }
    switch (message.type) {
      case 'connection_init':
        return void this.init(message.payload);
      case 'ping':
        return this.send('{"type":"pong"}');
      case 'pong':
        return;
      case 'subscribe':
        return void this.subscribe(message.id, message.payload);
      case 'complete':
        return this.release(message.id)?.();
    }
  }

  private async init(payload: Record<string, unknown> | null | undefined): Promise<void> {
    if (this.state !== 'awaiting-init') return this.close(closeCodes.tooManyInits, 'Too many initialisation requests');
    this.state = 'initialising';
    const presented = authorizationFrom(payload);
    const verified = presented && bearerToken(presented) ? await this.verify(presented) : null;
    clearTimeout(this.initTimer);
    if (!verified) return this.close(closeCodes.forbidden, 'Forbidden');
    this.presented = presented ?? null;
    this.auth = verified;
    this.state = 'ready';
    this.send('{"type":"connection_ack"}');
  }

  /** An API token is exchanged for a JWT first; either way the JWT is verified. */
  private async verify(presented: string): Promise<(VerifiedToken & { authorization: string }) | null> {
    const authorization = await this.options.apiTokens.authorizationFor(presented).catch(() => undefined);
    if (!authorization) return null;
    const verified = await viewerFromAuthorization(this.options.verifier, authorization).catch(() => null);
    return verified ? { ...verified, authorization } : null;
  }

  private async subscribe(id: string, payload: Extract<ClientMessage, { type: 'subscribe' }>['payload']): Promise<void> {
    if (this.state !== 'ready' || !this.auth) return this.close(closeCodes.unauthorized, 'Unauthorized');
    if (this.subscriptions.has(id)) return this.close(closeCodes.subscriberExists, `Subscriber for ${id} already exists`);
    const idJson = JSON.stringify(id);
    if (this.auth.expiresAt <= Date.now()) {
      return this.send(
        `{"id":${idJson},"type":"error","payload":[{"message":"Your session has expired: sign in again.","extensions":{"code":"UNAUTHENTICATED"}}]}`,
      );
    }
    const prepared = prepareSubscription(this.options.schema(), payload, this.options.validationRules, this.options.maxTokens);
    if ('errors' in prepared) {
      const errors = prepared.errors.map((e) => (this.options.fieldSuggestions ? e.toJSON() : { ...e.toJSON(), message: withoutSuggestions(e.message) }));
      return this.send(`{"id":${idJson},"type":"error","payload":${JSON.stringify(errors)}}`);
    }
    const { maxPerConnection, maxPerUser } = this.options.limits;
    if (this.subscriptions.size >= maxPerConnection) {
      return this.send(tooManyJson(idJson, `This connection already holds ${maxPerConnection} subscriptions: complete one first.`));
    }
    if (!this.quota.take(this.auth.viewer.userId)) {
      return this.send(tooManyJson(idJson, `You already hold ${maxPerUser} subscriptions: complete one first.`));
    }
    this.subscriptions.set(id, null);
    const sendNext = (resultJson: string) => this.send(`{"id":${idJson},"type":"next","payload":${resultJson}}`);
    // Live events that arrive while the replay is read wait for it, so the subscriber sees them in order. An item
    // stored before the replay read it may be announced only after: the replayed ids are skipped when they come live.
    let held: string[] | null = prepared.replay ? [] : null;
    let replayed: Set<string> | null = null;
    const responseKey = prepared.replay?.responseKey ?? '';
    const sendLive = (resultJson: string) => {
      if (replayed?.has(itemIdOf(resultJson, responseKey))) return;
      sendNext(resultJson);
    };
    const subscribed = this.options.engine.subscribe(
      { ...prepared, viewer: this.auth.viewer, authorization: this.auth.authorization, expiresAt: this.auth.expiresAt },
      {
        next: (resultJson) => (held ? held.push(resultJson) : sendLive(resultJson)),
        end: (resultJson) => {
          this.release(id);
          this.send(`{"id":${idJson},"type":"next","payload":${resultJson}}`);
          this.send(`{"id":${idJson},"type":"complete"}`);
        },
        // API tokens outlive the JWTs they are exchanged for: exchange again (a revoked token fails here).
        renew: async () => {
          if (!this.presented || !bearerToken(this.presented)?.startsWith(apiTokenPrefix)) return null;
          const renewed = await this.verify(this.presented);
          return renewed ? { authorization: renewed.authorization, expiresAt: renewed.expiresAt } : null;
        },
      },
    );
    const unsubscribe = await subscribed.catch((error: unknown) => {
      this.options.logger.warn({ err: error }, 'subscription could not be set up');
      return null;
    });
    if (!unsubscribe) {
      this.release(id);
      return this.send(
        `{"id":${idJson},"type":"error","payload":[{"message":"The subscription could not be set up: try again.","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}`,
      );
    }
    // Completed by the client (or the socket closed) while the subscription was being set up.
    if (!this.subscriptions.has(id) || this.socket.readyState !== WebSocket.OPEN) return unsubscribe();
    this.subscriptions.set(id, unsubscribe);
    if (prepared.replay && held) {
      replayed = await this.replay(prepared.replay, prepared.feed.replay?.listField ?? '', sendNext);
      const waiting = held;
      held = null;
      for (const resultJson of waiting) sendLive(resultJson);
    }
  }

  /** Sends the replayed items (e.g. a log tail) one message each; returns their ids. */
  private async replay(replay: NonNullable<PreparedSubscription['replay']>, listField: string, sendNext: (resultJson: string) => void): Promise<Set<string>> {
    const ids = new Set<string>();
    if (!this.auth) return ids;
    const result: FormattedExecutionResult = await this.options.engine.run(replay.query, replay.variables, this.auth.authorization).catch((error: unknown) => {
      this.options.logger.warn({ err: error }, 'subscription replay failed');
      return { errors: [{ message: 'The earlier items could not be read.' }] };
    });
    if (result.errors?.length) {
      sendNext(JSON.stringify({ errors: result.errors }));
      return ids;
    }
    const holder = result.data?.__replay as Record<string, unknown> | null | undefined;
    const items = Array.isArray(holder?.[listField]) ? (holder[listField] as unknown[]) : [];
    for (const item of items) {
      const id = (item as { id?: unknown } | null)?.id;
      if (typeof id === 'string') ids.add(id);
      sendNext(JSON.stringify({ data: { [replay.responseKey]: item } }));
    }
    return ids;
  }

  private send(text: string): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > (this.options.maxBufferedBytes ?? 8 * 1024 * 1024)) {
      this.options.logger.warn('closing a subscriber that cannot keep up');
      this.close(closeCodes.slowConsumer, 'Too slow to follow live events');
      return;
    }
    this.socket.send(text);
  }

  close(code: number, reason: string): void {
    this.dispose();
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.close(code, reason);
  }

  /** Forgets a subscription and gives its place back; returns its unsubscribe function when it had one. */
  private release(id: string): (() => void) | null | undefined {
    const unsubscribe = this.subscriptions.get(id);
    if (!this.subscriptions.delete(id)) return undefined;
    if (this.auth) this.quota.give(this.auth.viewer.userId);
    return unsubscribe;
  }

  dispose(): void {
    clearTimeout(this.initTimer);
    for (const id of [...this.subscriptions.keys()]) this.release(id)?.();
  }

  ping(): void {
    if (!this.alive) {
      this.dispose();
      this.socket.terminate();
      return;
    }
    this.alive = false;
    this.socket.ping();
  }
}

/** The router's WebSocket endpoint on its HTTP server, fed by the subscription engine. */
export function attachSubscriptionServer(options: SubscriptionServerOptions) {
  const connections = new Set<Connection>();
  const quota = new UserQuota(options.limits.maxPerUser);
  const wss = new WebSocketServer({
    server: options.httpServer,
    path: options.path,
    maxPayload: options.limits.maxMessageBytes,
    handleProtocols: (protocols: Set<string>, _request: IncomingMessage) => (protocols.has(subprotocol) ? subprotocol : false),
  });
  let accepting = true;
  wss.on('connection', (socket) => {
    if (!accepting) {
      socket.close(1001, 'Going away');
      return;
    }
    if (socket.protocol !== subprotocol) {
      socket.close(closeCodes.subprotocolNotAcceptable, 'Subprotocol not acceptable');
      return;
    }
    const connection = new Connection(socket, options, quota);
    connections.add(connection);
    socket.on('close', () => connections.delete(connection));
  });
  const keepAlive = setInterval(() => {
    for (const connection of connections) connection.ping();
  }, options.keepAliveMs ?? 12_000);
  keepAlive.unref();

  return {
    get connections() {
      return connections.size;
    },
    /** A shutdown began: a socket that still connects is told to go elsewhere (1001). */
    stopAccepting() {
      accepting = false;
    },
    async close() {
      accepting = false;
      clearInterval(keepAlive);
      for (const connection of connections) connection.close(1001, 'Going away');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

/** The `id` of the item in a serialised result, when its selection has one. */
function itemIdOf(resultJson: string, responseKey: string): string {
  try {
    const id = (JSON.parse(resultJson) as { data?: Record<string, { id?: unknown } | null> }).data?.[responseKey]?.id;
    return typeof id === 'string' ? id : '';
  } catch {
    return '';
  }
}
