import { devicePaths } from '@mcp-portal/schema/contract';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { unreachableError } from './client.ts';
import { PortalError } from './errors.ts';

/** The router's RFC 8628-style endpoints (served by the auth subgraph behind it). */

export const DENIED_MESSAGE = 'The sign-in was denied in the portal.';
export const EXPIRED_MESSAGE = 'The code expired: run docker mcp login again.';

const REQUEST_TIMEOUT_MS = 15_000;
/** RFC 8628 §3.5: on `slow_down` the interval grows by 5 seconds, for this and every later poll. */
export const SLOW_DOWN_STEP_MS = 5_000;
/** RFC 8628 §3.2: the interval to use when the server names none. */
const DEFAULT_INTERVAL_SECONDS = 5;
/** Network failures or 5xx answers in a row that polling rides out before giving up. */
const MAX_FAILURES_IN_A_ROW = 3;

const deviceCodeSchema = z.object({
  device_code: z.string().min(1),
  user_code: z.string().min(1),
  verification_uri: z.string().min(1),
  verification_uri_complete: z.string().min(1).optional(),
  expires_in: z.number().positive(),
  interval: z.number().positive().optional(),
});

const tokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  api_token_id: z.string().min(1),
});

const errorBodySchema = z.object({ error: z.string(), message: z.string().optional() });

export interface DeviceCode {
  /** The secret the CLI polls with; never shown. */
  deviceCode: string;
  /** What the user confirms in the portal, e.g. `BCDF-GHJK`. */
  userCode: string;
  verificationUri: string;
  /** The page with the code filled in; the plain page when the router names none. */
  verificationUriComplete: string;
  intervalMs: number;
  /** When the code expires, by the local clock. */
  expiresAt: Date;
}

export interface DeviceToken {
  /** The API token (`mcpat_…`) minted for the CLI. */
  token: string;
  tokenId: string;
}

export interface DeviceRequestOptions {
  fetch?: typeof fetch;
  /** Aborting (Ctrl-C) rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface PollOptions extends DeviceRequestOptions {
  /** Waits between polls; tests pass one that records the intervals instead of sleeping. */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  now?: () => number;
}

const defaultSleep = (ms: number, signal: AbortSignal | undefined) => sleep(ms, undefined, signal ? { signal } : {});

/** POSTs JSON to one of the device endpoints; a failure to get any answer is the usual one-line error. */
async function postJson(url: string, path: string, body: unknown, options: DeviceRequestOptions): Promise<{ status: number; body: unknown }> {
  const { signal } = options;
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  try {
    const response = await (options.fetch ?? fetch)(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, body: json };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw unreachableError(url, error, REQUEST_TIMEOUT_MS);
  }
}

function errorDetail(body: unknown): string {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return '';
  return `: ${parsed.data.message ?? parsed.data.error}`;
}

/** Starts a device sign-in: `POST <url>/auth/device/code` with the name the approver will see. */
export async function requestDeviceCode(url: string, clientName: string, options: DeviceRequestOptions = {}): Promise<DeviceCode> {
  const answer = await postJson(url, devicePaths.code, { client_name: clientName }, options);
  const parsed = deviceCodeSchema.safeParse(answer.body);
  if (answer.status === 200 && parsed.success) {
    const code = parsed.data;
    return {
      deviceCode: code.device_code,
      userCode: code.user_code,
      verificationUri: code.verification_uri,
      verificationUriComplete: code.verification_uri_complete ?? code.verification_uri,
      intervalMs: (code.interval ?? DEFAULT_INTERVAL_SECONDS) * 1000,
      expiresAt: new Date(Date.now() + code.expires_in * 1000),
    };
  }
  if (answer.status === 200 || answer.status === 404 || answer.status === 405) {
    // An older router serves its portal (or nothing) at this path.
    throw new PortalError(
      `The router at ${url} does not offer browser sign-in (HTTP ${answer.status} from ${devicePaths.code}): log in with --email or --token-stdin instead.`,
    );
  }
  throw new PortalError(`The router at ${url} could not start the sign-in (HTTP ${answer.status}${errorDetail(answer.body)}).`);
}

/**
 * Polls `POST <url>/auth/device/token` every interval (RFC 8628 §3.4–3.5) until the user approved the code
 * (the API token), denied it, or it expired; `slow_down` adds 5 seconds to the interval. A few network
 * failures or 5xx answers in a row are ridden out, since the code stays valid meanwhile.
 */
export async function pollDeviceToken(url: string, code: DeviceCode, options: PollOptions = {}): Promise<DeviceToken> {
  const wait = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const { signal } = options;
  let intervalMs = code.intervalMs;
  let failures = 0;
  const failed = (error: PortalError) => {
    failures += 1;
    if (failures >= MAX_FAILURES_IN_A_ROW || now() >= code.expiresAt.getTime()) throw error;
  };
  for (;;) {
    try {
      await wait(intervalMs, signal);
    } catch (error) {
      throw signal?.aborted ? signal.reason : error;
    }
    let answer: { status: number; body: unknown };
    try {
      answer = await postJson(url, devicePaths.token, { device_code: code.deviceCode }, options);
    } catch (error) {
      if (signal?.aborted || !(error instanceof PortalError)) throw error;
      failed(error);
      continue;
    }
    if (answer.status === 200) {
      const token = tokenSchema.safeParse(answer.body);
      if (!token.success) throw new PortalError(`The router at ${url} approved the sign-in but sent no usable token.`);
      return { token: token.data.access_token, tokenId: token.data.api_token_id };
    }
    const refusal = errorBodySchema.safeParse(answer.body);
    switch (refusal.success && answer.status === 400 ? refusal.data.error : undefined) {
      case 'authorization_pending':
        failures = 0;
        break;
      case 'slow_down':
        failures = 0;
        intervalMs += SLOW_DOWN_STEP_MS;
        break;
      case 'access_denied':
        throw new PortalError(DENIED_MESSAGE);
      case 'expired_token':
        throw new PortalError(EXPIRED_MESSAGE);
      case 'invalid_grant':
        throw new PortalError('The router no longer knows this sign-in code: run docker mcp login again.');
      default: {
        const error = new PortalError(`The router at ${url} could not check the sign-in (HTTP ${answer.status}${errorDetail(answer.body)}).`);
        if (answer.status < 500) throw error;
        failed(error);
      }
    }
    // The router says when a code expired; this only stops a loop with a router that never does.
    if (now() > code.expiresAt.getTime() + intervalMs) throw new PortalError(EXPIRED_MESSAGE);
  }
}
