import { describe, expect, it } from 'vitest';
import { auditCsvHeader, auditCsvRecord, auditRow, csvField, relativeTime, tokensTable } from '../src/lib/format.ts';
import type { ApiTokenView, AuditEventView } from '../src/lib/operations.ts';
import { subscriptionEndpoint, subscriptionError } from '../src/lib/subscription.ts';

const event: AuditEventView = {
  id: 'e1',
  occurredAt: '2025-01-10T11:58:00.000Z',
  actorId: 'u1',
  actorEmail: 'admin@example.test',
  action: 'config.set',
  targetType: 'Server',
  targetId: 's1',
  outcome: 'SUCCESS',
  detail: { key: 'a,"b"', multi: 'line\nbreak' },
  requestId: null,
  sourceIp: '127.0.0.1',
  subgraph: 'config',
};

describe('audit output', () => {
  it('quotes CSV fields per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('')).toBe('');
  });

  it('writes an event as one CSV record, detail as compact JSON and null as empty', () => {
    expect(auditCsvHeader()).toBe('id,occurredAt,actorId,actorEmail,action,targetType,targetId,outcome,detail,requestId,sourceIp,subgraph');
    expect(auditCsvRecord(event)).toBe(
      'e1,2025-01-10T11:58:00.000Z,u1,admin@example.test,config.set,Server,s1,SUCCESS,"{""key"":""a,\\""b\\"""",""multi"":""line\\nbreak""}",,127.0.0.1,config',
    );
    expect(auditCsvRecord({ ...event, detail: null, actorId: null })).toBe(
      'e1,2025-01-10T11:58:00.000Z,,admin@example.test,config.set,Server,s1,SUCCESS,,,127.0.0.1,config',
    );
  });

  it('shows the actor and target in table rows', () => {
    expect(auditRow(event)).toEqual(['2025-01-10T11:58:00.000Z', 'admin@example.test', 'config.set', 'Server:s1', 'SUCCESS']);
    expect(auditRow({ ...event, actorEmail: null, actorId: null, targetId: null })).toEqual([
      '2025-01-10T11:58:00.000Z',
      '-',
      'config.set',
      'Server',
      'SUCCESS',
    ]);
  });
});

describe('token output', () => {
  const now = new Date('2025-01-10T12:00:00Z');

  it('says when in the future or the past', () => {
    expect(relativeTime('2025-04-10T12:00:00Z', now)).toBe('in 3 months');
    expect(relativeTime('2025-01-10T12:01:00Z', now)).toBe('in about a minute');
    expect(relativeTime('2025-01-10T11:00:00Z', now)).toBe('About an hour ago');
    expect(relativeTime('garbage', now)).toBe('garbage');
  });

  it('lists tokens with ID, NAME, ROLE, EXPIRES, LAST USED, REVOKED', () => {
    const token: ApiTokenView = {
      id: 't1',
      name: 'ci',
      role: 'VIEWER',
      createdAt: '2025-01-01T00:00:00Z',
      expiresAt: '2025-04-10T12:00:00Z',
      lastUsedAt: null,
      revokedAt: null,
    };
    const revoked = { ...token, id: 't2', name: 'old', expiresAt: null, lastUsedAt: '2025-01-10T11:55:00Z', revokedAt: '2025-01-10T11:57:00Z' };
    expect(tokensTable([token, revoked], now).split('\n')).toEqual([
      'ID   NAME   ROLE     EXPIRES       LAST USED       REVOKED',
      't1   ci     VIEWER   in 3 months   never           -',
      't2   old    VIEWER   never         5 minutes ago   3 minutes ago',
    ]);
  });
});

describe('subscriptions', () => {
  it('uses ws:// or wss:// at /graphql', () => {
    expect(subscriptionEndpoint('http://127.0.0.1:4000')).toBe('ws://127.0.0.1:4000/graphql');
    expect(subscriptionEndpoint('https://portal.example/base')).toBe('wss://portal.example/base/graphql');
  });

  it('turns graphql-ws failures into one line', () => {
    const url = 'http://127.0.0.1:4000';
    expect(subscriptionError(url, [{ message: 'Not allowed', extensions: { code: 'FORBIDDEN' } }])).toMatchObject({
      message: 'Not allowed',
      code: 'FORBIDDEN',
    });
    expect(subscriptionError(url, { code: 4403, reason: 'Forbidden' })).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(subscriptionError(url, { code: 1006, reason: '' }).message).toBe(`The live subscription to ${url} closed (1006: no reason given).`);
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(subscriptionError(url, { error: refused }).message).toContain('not reachable for the live subscription (ECONNREFUSED)');
  });
});
