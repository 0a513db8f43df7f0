import { describe, expect, it } from 'vitest';
import { InFlightRequests, type SessionChannel } from '../src/in-flight.ts';
import type { UpstreamServerRequest } from '../src/upstreams.ts';

/** The routing rule on its own; the same rule against real servers and clients is in server-requests.test.ts. */
function recordingChannel(): SessionChannel & { logs: unknown[]; requests: { request: UpstreamServerRequest; signal: AbortSignal }[] } {
  const logs: unknown[] = [];
  const requests: { request: UpstreamServerRequest; signal: AbortSignal }[] = [];
  return {
    logs,
    requests,
    log: (params) => void logs.push(params),
    request: (request, signal) => {
      requests.push({ request, signal });
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
    },
  };
}

const sampling = (serverId: string, signal = new AbortController().signal): UpstreamServerRequest => ({
  serverId,
  signal,
  method: 'sampling/createMessage',
  params: { messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }], maxTokens: 5 },
});

describe('InFlightRequests', () => {
  it('routes to the one session calling the server, to none with two, and again to one when the other ends', () => {
    const inFlight = new InFlightRequests();
    const [a, b] = [recordingChannel(), recordingChannel()];
    const [sessionA, sessionB] = [Symbol('a'), Symbol('b')];
    const endA = inFlight.begin('s1', sessionA, a);
    expect(inFlight.deliverLog({ serverId: 's1', params: { level: 'info', data: 'one' } })).toBe(true);
    expect(inFlight.deliverLog({ serverId: 's2', params: { level: 'info', data: 'elsewhere' } })).toBe(false);
    const endB = inFlight.begin('s1', sessionB, b);
    expect(inFlight.deliverLog({ serverId: 's1', params: { level: 'info', data: 'two' } })).toBe(false);
    endA();
    expect(inFlight.deliverLog({ serverId: 's1', params: { level: 'info', data: 'three' } })).toBe(true);
    endB();
    expect(a.logs).toEqual([{ level: 'info', data: 'one' }]);
    expect(b.logs).toEqual([{ level: 'info', data: 'three' }]);
  });

  it('keeps a session routed until its last request on the server ends (an end called twice counts once)', () => {
    const inFlight = new InFlightRequests();
    const a = recordingChannel();
    const session = Symbol('a');
    const first = inFlight.begin('s1', session, a);
    const second = inFlight.begin('s1', session, a);
    first();
    first();
    expect(inFlight.serversAnsweredBy(session)).toEqual(['s1']);
    second();
    expect(inFlight.serversAnsweredBy(session)).toEqual([]);
  });

  it('answers a request with no caller or several with an error saying why, and roots/list with no caller with no roots', async () => {
    const inFlight = new InFlightRequests();
    await expect(inFlight.forward(sampling('s1'))).rejects.toMatchObject({
      code: -32600,
      message: expect.stringContaining('No client of the gateway-proxy has a request under way on this server'),
    });
    await expect(inFlight.forward({ serverId: 's1', signal: new AbortController().signal, method: 'roots/list' })).resolves.toEqual({ roots: [] });
    const [a, b] = [recordingChannel(), recordingChannel()];
    inFlight.begin('s1', Symbol('a'), a);
    inFlight.begin('s1', Symbol('b'), b);
    await expect(inFlight.forward(sampling('s1'))).rejects.toMatchObject({
      code: -32600,
      message: expect.stringContaining('2 clients of the gateway-proxy have requests under way'),
    });
    await expect(inFlight.forward({ serverId: 's1', signal: new AbortController().signal, method: 'roots/list' })).rejects.toMatchObject({ code: -32600 });
    expect([a.requests, b.requests]).toEqual([[], []]);
  });

  it("cancels a forwarded request when the server cancels it, and when the session's calls on the server end", async () => {
    const inFlight = new InFlightRequests();
    const a = recordingChannel();
    const end = inFlight.begin('s1', Symbol('a'), a);
    const byServer = new AbortController();
    const cancelledByServer = inFlight.forward(sampling('s1', byServer.signal));
    byServer.abort(new Error('cancelled by the server'));
    await expect(cancelledByServer).rejects.toThrow('cancelled by the server');
    const endedWithTheCall = inFlight.forward(sampling('s1'));
    expect(a.requests[1]?.signal.aborted).toBe(false);
    end();
    await expect(endedWithTheCall).rejects.toMatchObject({ message: "The client's request that caused this one has ended." });
    expect(a.requests.map((entry) => entry.signal.aborted)).toEqual([true, true]);
  });
});
