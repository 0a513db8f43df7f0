import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubgraphHarness } from '@mcp-portal/kit/testing';
import type { DcrServices } from '../src/index.ts';
import { clientRow, clientRows, registrationAuditRows, startRegistrationHarness } from './registration-harness.ts';

/**
 * The bad-input corpus of the registration endpoints: each request is answered with the RFC 7591 §3.2.2 error (or
 * RFC 6750's invalid_token) and its status, and nothing is stored (no client row, no audit row).
 */

let harness: SubgraphHarness<DcrServices>;
let base: string;
/** A client registered before the corpus runs: management requests aim at it. */
let known: { clientId: string; token: string };

beforeAll(async () => {
  harness = await startRegistrationHarness();
  base = harness.subgraph.url;
  const response = await fetch(`${base}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ redirect_uris: ['https://known.example/cb'], client_name: 'Known' }),
  });
  const body = (await response.json()) as { client_id: string; registration_access_token: string };
  known = { clientId: body.client_id, token: body.registration_access_token };
});
afterAll(async () => {
  await harness?.close();
});

const ok = { redirect_uris: ['https://client.example/cb'] };
const json = (value: unknown) => ({ body: JSON.stringify(value), contentType: 'application/json' });
const withUris = (...uris: string[]) => json({ redirect_uris: uris });

interface Case {
  name: string;
  body: string;
  contentType?: string;
  status: number;
  error: string;
  /** A word the error_description must contain (the field). */
  mentions?: string;
}

const registrationCases: Case[] = [
  { name: 'malformed JSON', body: '{"redirect_uris": [', contentType: 'application/json', status: 400, error: 'invalid_client_metadata', mentions: 'JSON' },
  {
    name: 'wrong content type',
    body: JSON.stringify(ok),
    contentType: 'text/plain',
    status: 400,
    error: 'invalid_client_metadata',
    mentions: 'application/json',
  },
  {
    name: 'form content type',
    body: 'redirect_uris=https://a.example/',
    contentType: 'application/x-www-form-urlencoded',
    status: 400,
    error: 'invalid_client_metadata',
  },
  { name: 'no content type', body: JSON.stringify(ok), status: 400, error: 'invalid_client_metadata' },
  { name: 'a JSON array', ...json([ok]), status: 400, error: 'invalid_client_metadata' },
  { name: 'JSON null', ...json(null), status: 400, error: 'invalid_client_metadata' },
  { name: 'no redirect_uris', ...json({ client_name: 'x' }), status: 400, error: 'invalid_redirect_uri', mentions: 'redirect_uris' },
  { name: 'empty redirect_uris', ...withUris(), status: 400, error: 'invalid_redirect_uri', mentions: 'redirect_uris' },
  { name: 'redirect_uris not a list', ...json({ redirect_uris: 'https://a.example/cb' }), status: 400, error: 'invalid_redirect_uri' },
  { name: 'javascript: redirect URI', ...withUris('javascript:alert(1)'), status: 400, error: 'invalid_redirect_uri', mentions: 'javascript' },
  { name: 'data: redirect URI', ...withUris('data:text/html,<script>alert(1)</script>'), status: 400, error: 'invalid_redirect_uri', mentions: 'data' },
  { name: 'file: redirect URI', ...withUris('file:///etc/passwd'), status: 400, error: 'invalid_redirect_uri', mentions: 'file' },
  { name: 'fragment in redirect URI', ...withUris('https://client.example/cb#frag'), status: 400, error: 'invalid_redirect_uri', mentions: 'fragment' },
  { name: 'non-loopback http', ...withUris('http://client.example/cb'), status: 400, error: 'invalid_redirect_uri', mentions: 'loopback' },
  { name: 'http on a loopback look-alike', ...withUris('http://127.0.0.1.nip.io/cb'), status: 400, error: 'invalid_redirect_uri', mentions: 'loopback' },
  { name: 'http on localhost.<domain>', ...withUris('http://localhost.attacker.example/cb'), status: 400, error: 'invalid_redirect_uri' },
  {
    name: 'second URI bad',
    ...withUris('https://client.example/cb', 'http://10.0.0.1/cb'),
    status: 400,
    error: 'invalid_redirect_uri',
    mentions: 'redirect_uris[1]',
  },
  {
    name: 'credentials in redirect URI',
    ...withUris('https://user:pass@client.example/cb'),
    status: 400,
    error: 'invalid_redirect_uri',
    mentions: 'credentials',
  },
  { name: 'relative redirect URI', ...withUris('/cb'), status: 400, error: 'invalid_redirect_uri' },
  { name: 'custom scheme for a web client', ...withUris('com.example.app:/cb'), status: 400, error: 'invalid_redirect_uri', mentions: 'native' },
  {
    name: 'custom scheme without a domain for a native client',
    ...json({ redirect_uris: ['myapp:/cb'], application_type: 'native' }),
    status: 400,
    error: 'invalid_redirect_uri',
    mentions: 'reverse domain',
  },
  {
    name: 'javascript: for a native client',
    ...json({ redirect_uris: ['javascript:alert(1)'], application_type: 'native' }),
    status: 400,
    error: 'invalid_redirect_uri',
  },
  { name: 'oversized redirect URI', ...withUris(`https://client.example/${'a'.repeat(2100)}`), status: 400, error: 'invalid_redirect_uri' },
  {
    name: '10,000 redirect URIs',
    ...withUris(...Array.from({ length: 10_000 }, (_, i) => `https://c.test/${i}`)),
    status: 400,
    error: 'invalid_redirect_uri',
    mentions: 'at most 20',
  },
  { name: 'body over the limit', ...json({ ...ok, client_name: 'x'.repeat(300 * 1024) }), status: 413, error: 'invalid_client_metadata' },
  { name: 'oversized client_name', ...json({ ...ok, client_name: 'x'.repeat(201) }), status: 400, error: 'invalid_client_metadata', mentions: 'client_name' },
  { name: 'client_name not a string', ...json({ ...ok, client_name: 42 }), status: 400, error: 'invalid_client_metadata', mentions: 'client_name' },
  { name: 'oversized software_id', ...json({ ...ok, software_id: 'x'.repeat(201) }), status: 400, error: 'invalid_client_metadata', mentions: 'software_id' },
  { name: 'javascript: logo_uri', ...json({ ...ok, logo_uri: 'javascript:alert(1)' }), status: 400, error: 'invalid_client_metadata', mentions: 'logo_uri' },
  {
    name: 'http policy_uri',
    ...json({ ...ok, policy_uri: 'http://client.example/policy' }),
    status: 400,
    error: 'invalid_client_metadata',
    mentions: 'policy_uri',
  },
  { name: 'bad scope', ...json({ ...ok, scope: 'a  "b"' }), status: 400, error: 'invalid_client_metadata', mentions: 'scope' },
  { name: 'unknown grant type', ...json({ ...ok, grant_types: ['password'] }), status: 400, error: 'invalid_client_metadata', mentions: 'grant_types' },
  {
    name: 'implicit grant',
    ...json({ ...ok, grant_types: ['implicit'], response_types: ['token'] }),
    status: 400,
    error: 'invalid_client_metadata',
    mentions: 'grant_types',
  },
  {
    name: 'unknown response type',
    ...json({ ...ok, response_types: ['code', 'token'] }),
    status: 400,
    error: 'invalid_client_metadata',
    mentions: 'response_types',
  },
  {
    name: 'refresh_token without authorization_code',
    ...json({ ...ok, grant_types: ['refresh_token'], response_types: ['code'] }),
    status: 400,
    error: 'invalid_client_metadata',
    mentions: 'grant_types',
  },
  {
    name: 'authorization_code without the code response type',
    ...json({ ...ok, grant_types: ['authorization_code'], response_types: [] }),
    status: 400,
    error: 'invalid_client_metadata',
    mentions: 'response_types',
  },
  {
    name: 'unsupported token_endpoint_auth_method',
    ...json({ ...ok, token_endpoint_auth_method: 'private_key_jwt' }),
    status: 400,
    error: 'invalid_client_metadata',
    mentions: 'token_endpoint_auth_method',
  },
  {
    name: 'unknown application_type',
    ...json({ ...ok, application_type: 'service' }),
    status: 400,
    error: 'invalid_client_metadata',
    mentions: 'application_type',
  },
  { name: 'software statement', ...json({ ...ok, software_statement: 'eyJhbGciOiJub25lIn0.e30.' }), status: 400, error: 'invalid_software_statement' },
];

async function expectError(response: Response, status: number, error: string, mentions?: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/json');
  expect(response.headers.get('cache-control')).toBe('no-store');
  const body = (await response.json()) as { error: string; error_description: string };
  expect(body.error).toBe(error);
  expect(typeof body.error_description).toBe('string');
  if (mentions) expect(body.error_description).toContain(mentions);
  // No stack trace or internals.
  expect(body.error_description).not.toMatch(/\.(ts|js):\d+|Error:/);
  return body;
}

describe('registration bad-input corpus', () => {
  it.each(registrationCases)('POST /register: $name → $status $error, nothing stored', async ({ body, contentType, status, error, mentions }) => {
    const rows = await clientRows(harness);
    const audit = (await registrationAuditRows(harness)).length;
    const response = await fetch(`${base}/register`, { method: 'POST', headers: contentType ? { 'content-type': contentType } : {}, body });
    await expectError(response, status, error, mentions);
    expect(await clientRows(harness)).toBe(rows);
    expect((await registrationAuditRows(harness)).length).toBe(audit);
  });

  const wrongToken = 'A'.repeat(43);
  const managementCases: { name: string; path: () => string; method: string; token: () => string | null; body?: () => unknown }[] = [
    { name: 'GET with a wrong token', path: () => known.clientId, method: 'GET', token: () => wrongToken },
    { name: 'GET without a token', path: () => known.clientId, method: 'GET', token: () => null },
    { name: 'GET with a Basic header', path: () => known.clientId, method: 'GET', token: () => null },
    { name: 'PUT with a wrong token', path: () => known.clientId, method: 'PUT', token: () => wrongToken, body: () => ({ client_id: known.clientId, ...ok }) },
    {
      name: 'PUT with a wrong token and bad metadata',
      path: () => known.clientId,
      method: 'PUT',
      token: () => wrongToken,
      body: () => ({ redirect_uris: ['javascript:x'] }),
    },
    { name: 'DELETE with a wrong token', path: () => known.clientId, method: 'DELETE', token: () => wrongToken },
    { name: 'GET an unknown client with a valid token of another', path: () => 'mcp_unknown', method: 'GET', token: () => known.token },
    { name: 'DELETE an unknown client with a valid token of another', path: () => 'mcp_unknown', method: 'DELETE', token: () => known.token },
    { name: 'PUT an unknown client', path: () => 'mcp_unknown', method: 'PUT', token: () => known.token, body: () => ({ client_id: 'mcp_unknown', ...ok }) },
    { name: 'GET a path with a slash', path: () => `${known.clientId}/x`, method: 'GET', token: () => known.token },
    { name: 'GET an oversized client id', path: () => 'x'.repeat(300), method: 'GET', token: () => known.token },
    { name: 'GET a malformed escape', path: () => '%E0%A4%A', method: 'GET', token: () => known.token },
  ];

  it.each(managementCases)('$method /register/{id}: $name → 401 invalid_token, nothing changed', async ({ name, path, method, token, body }) => {
    const before = await clientRow(harness, known.clientId);
    const audit = (await registrationAuditRows(harness)).length;
    const presented = token();
    const headers: Record<string, string> = {};
    if (presented) headers.authorization = `Bearer ${presented}`;
    if (name.includes('Basic')) headers.authorization = `Basic ${Buffer.from(`${known.clientId}:x`).toString('base64')}`;
    if (body) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}/register/${path()}`, { method, headers, ...(body ? { body: JSON.stringify(body()) } : {}) });
    const answer = await expectError(response, 401, 'invalid_token');
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    // The same answer whether the client exists or not.
    expect(answer.error_description).toBe('The registration access token is missing, invalid or revoked.');
    expect(await clientRow(harness, known.clientId)).toEqual(before);
    expect((await registrationAuditRows(harness)).length).toBe(audit);
  });

  it('refuses bad metadata on update with the right token, and changes nothing', async () => {
    const before = await clientRow(harness, known.clientId);
    const audit = (await registrationAuditRows(harness)).length;
    const put = (body: string, contentType = 'application/json') =>
      fetch(`${base}/register/${known.clientId}`, { method: 'PUT', headers: { authorization: `Bearer ${known.token}`, 'content-type': contentType }, body });
    await expectError(await put(JSON.stringify({ client_id: known.clientId, redirect_uris: ['http://client.example/cb'] })), 400, 'invalid_redirect_uri');
    await expectError(
      await put(JSON.stringify({ client_id: known.clientId, ...ok, grant_types: ['client_credentials'] })),
      400,
      'invalid_client_metadata',
      'grant_types',
    );
    await expectError(await put('{nope'), 400, 'invalid_client_metadata', 'JSON');
    await expectError(await put(JSON.stringify({ client_id: known.clientId, ...ok }), 'text/plain'), 400, 'invalid_client_metadata');
    expect(await clientRow(harness, known.clientId)).toEqual(before);
    expect((await registrationAuditRows(harness)).length).toBe(audit);
    // The client still answers its own token.
    const read = await fetch(`${base}/register/${known.clientId}`, { headers: { authorization: `Bearer ${known.token}` } });
    expect(read.status).toBe(200);
  });
});
