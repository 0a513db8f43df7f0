import { describe, expect, it } from 'vitest';
import { maxRecentCalls, parseRecentCalls, recentCallsKey, withRecentCall, type RecentToolCall } from '../src/recent-tool-calls.ts';
import { collectRawArguments, collectToolArguments, fitsFields, initialToolValues, toolArgumentFields, toolValuesOf } from '../src/tool-arguments-form.ts';
import { base64Bytes, dataUrl, linkOf, resultParts } from '../src/tool-result.ts';
import { filterTools } from '../src/tool-search.ts';

/** The pure parts of a server page's tool calls: the form, the result's parts, recent calls, the search. No browser. */
const search = {
  name: 'search',
  inputSchema: {
    type: 'object',
    name: 'not a group',
    properties: {
      query: { type: 'string', description: 'What to find' },
      limit: { type: 'integer', default: 10 },
      exact: { type: 'boolean' },
      mode: { type: 'string', enum: ['fast', 'full'] },
      filter: { type: 'object' },
    },
    required: ['query'],
  },
};

describe('the tool call form', () => {
  const fields = toolArgumentFields(search.inputSchema);

  it('makes an input per property, keyed by its own name, required first, defaults filled in', () => {
    expect(fields.map((field) => `${field.key}:${field.kind}${field.required ? '!' : ''}`)).toEqual([
      'query:string!',
      'limit:integer',
      'exact:boolean',
      'mode:enum',
      'filter:json',
    ]);
    expect(initialToolValues(fields)).toEqual({ query: '', limit: '10', exact: false, mode: '', filter: '' });
    expect(toolArgumentFields(null)).toEqual([]);
    expect(toolArgumentFields({ type: 'object' })).toEqual([]);
  });

  it('types the values, leaves empty optional inputs out and applies the shared checks', () => {
    const values = { ...initialToolValues(fields), query: 'cats', mode: '1', filter: '{"kind": "pet"}' };
    expect(collectToolArguments(search, fields, values)).toEqual({
      ok: true,
      arguments: { query: 'cats', limit: 10, exact: false, mode: 'full', filter: { kind: 'pet' } },
    });
    expect(collectToolArguments(search, fields, { ...values, query: '' })).toEqual({
      ok: false,
      errors: { query: 'This field is required.' },
      formError: null,
    });
    expect(collectToolArguments(search, fields, { ...values, limit: '2.5' })).toEqual({
      ok: false,
      errors: { limit: 'Enter a whole number.' },
      formError: null,
    });
    // Valid JSON of the wrong type: the shared check names the argument, shown under its input.
    expect(collectToolArguments(search, fields, { ...values, filter: '[1]' })).toEqual({
      ok: false,
      errors: { filter: 'The argument filter must be an object, not [1].' },
      formError: null,
    });
  });

  it('checks the JSON editor the same way, its problems about the whole form', () => {
    expect(collectRawArguments(search, '{"query": "q", "limit": 3}')).toEqual({ ok: true, arguments: { query: 'q', limit: 3 } });
    expect(collectRawArguments(search, '{"limit": 3}')).toEqual({ ok: false, errors: {}, formError: 'The tool search needs the argument query.' });
    expect(collectRawArguments(search, '{"query": "q", "page": 2}')).toMatchObject({
      ok: false,
      formError: expect.stringMatching(/^The tool search has no argument page/),
    });
    expect(collectRawArguments(search, '{"query": 1}')).toMatchObject({ ok: false, formError: 'The argument query must be a string, not 1.' });
    expect(collectRawArguments(search, '{oops')).toMatchObject({ ok: false, formError: expect.stringMatching(/^The arguments is not valid JSON/) });
    expect(collectRawArguments({ name: 'ping', inputSchema: { type: 'object' } }, '  ')).toEqual({ ok: true, arguments: {} });
  });

  it('shows earlier arguments in the inputs when they fit them', () => {
    expect(toolValuesOf(fields, { query: 'q', limit: 3, mode: 'fast', filter: { a: 1 } })).toEqual({
      query: 'q',
      limit: '3',
      exact: false,
      mode: '0',
      filter: '{\n  "a": 1\n}',
    });
    expect(fitsFields(fields, { query: 'q' })).toBe(true);
    expect(fitsFields(fields, { other: 1 })).toBe(false);
  });
});

describe('a tool result', () => {
  it('reads each content item, showing media only from well-formed base64 of its own type', () => {
    const parts = resultParts([
      { type: 'text', text: 'hello' },
      { type: 'image', mimeType: 'image/png', data: 'iVBORw0KGgo=' },
      { type: 'audio', mimeType: 'audio/wav', data: 'UklGRg==' },
      { type: 'image', mimeType: 'text/html', data: 'PGI+' },
      { type: 'resource_link', uri: 'https://example.com/a', name: 'a', description: 'An A', mimeType: 'text/plain' },
      { type: 'resource_link', uri: 'javascript:alert(1)', name: 'evil' },
      { type: 'resource', resource: { uri: 'file:///x.txt', mimeType: 'text/plain', text: 'inside' } },
      { type: 'resource', resource: { uri: 'demo://blob', blob: 'AAECAw==' } },
      { type: 'surprise' },
    ]);
    expect(parts.map((part) => part.kind)).toEqual(['text', 'image', 'audio', 'other', 'resource-link', 'resource-link', 'resource', 'resource', 'other']);
    expect(parts[1]).toEqual({ kind: 'image', src: 'data:image/png;base64,iVBORw0KGgo=', mimeType: 'image/png' });
    expect(parts[4]).toMatchObject({ href: 'https://example.com/a', name: 'a', description: 'An A' });
    expect(parts[5]).toMatchObject({ href: null, uri: 'javascript:alert(1)' });
    expect(parts[6]).toMatchObject({ text: 'inside', bytes: null });
    expect(parts[7]).toMatchObject({ text: null, bytes: 4 });
    expect(resultParts(undefined)).toEqual([]);
  });

  it('builds data: URLs and links defensively', () => {
    expect(dataUrl('image', 'image/png', 'abc"onerror=x')).toBeNull();
    expect(dataUrl('audio', 'image/png', 'AAAA')).toBeNull();
    expect(dataUrl('audio', 'audio/mpeg', 'AA AA\n')).toBe('data:audio/mpeg;base64,AAAA');
    expect(base64Bytes('AAECAwQ=')).toBe(5);
    expect(linkOf('http://example.com')).toBe('http://example.com/');
    expect(linkOf('data:text/html,x')).toBeNull();
    expect(linkOf('not a url')).toBeNull();
  });
});

describe('recent calls and the tool search', () => {
  const call = (id: string, extra: Partial<RecentToolCall> = {}): RecentToolCall => ({
    id,
    tool: 'echo',
    arguments: { message: id },
    at: '2026-01-01T00:00:00.000Z',
    durationMs: 12,
    outcome: 'ok',
    message: null,
    via: 'gateway-proxy',
    ...extra,
  });

  it('keeps the newest calls first, at most ten, without arguments too large to keep', () => {
    let calls: RecentToolCall[] = [];
    for (let index = 0; index < 12; index += 1) calls = withRecentCall(calls, call(`c${index}`));
    expect(calls).toHaveLength(maxRecentCalls);
    expect(calls[0]?.id).toBe('c11');
    expect(withRecentCall([], call('big', { arguments: { text: 'x'.repeat(20_000) } }))[0]?.arguments).toBeNull();
    expect(recentCallsKey('u1', 's1')).toBe('mcp-portal.recent-tool-calls.u1.s1');
  });

  it('reads stored calls defensively', () => {
    const stored = JSON.stringify([call('a'), { ...call('b'), outcome: 'maybe' }, 'junk', { ...call('c'), arguments: [1], durationMs: 'slow' }]);
    expect(parseRecentCalls(stored).map((c) => [c.id, c.arguments, c.durationMs])).toEqual([
      ['a', { message: 'a' }, 12],
      ['c', null, null],
    ]);
    expect(parseRecentCalls('{not json')).toEqual([]);
    expect(parseRecentCalls(null)).toEqual([]);
    expect(parseRecentCalls('{"a":1}')).toEqual([]);
  });

  it('finds tools by every word in name, title or description', () => {
    const tools = [
      { name: 'get-sum', title: 'Get Sum Tool', description: 'Returns the sum of two numbers' },
      { name: 'echo', title: null, description: 'Echoes back the input string' },
      { name: 'get-tiny-image', description: 'Returns a tiny MCP logo image.' },
    ];
    expect(filterTools(tools, '').map((t) => t.name)).toEqual(['get-sum', 'echo', 'get-tiny-image']);
    expect(filterTools(tools, 'SUM').map((t) => t.name)).toEqual(['get-sum']);
    expect(filterTools(tools, 'returns image').map((t) => t.name)).toEqual(['get-tiny-image']);
    expect(filterTools(tools, 'nothing')).toEqual([]);
  });
});
