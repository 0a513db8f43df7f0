import { describe, expect, it } from 'vitest';
import { gatewayFilterOf, gatewayFilterProblem, parseToolReference, splitList, withGatewayFilter } from '../src/gateway-filter.ts';

describe('the gateway session filter', () => {
  it('reads lists and server:tool references', () => {
    expect(splitList(' a, b,,c ')).toEqual(['a', 'b', 'c']);
    expect(parseToolReference('github:get_issue')).toEqual({ server: 'github', tool: 'get_issue' });
    expect(parseToolReference('a:b:c')).toEqual({ server: 'a', tool: 'b:c' });
    expect(parseToolReference('read_graph')).toBeUndefined();
    expect(parseToolReference(':x')).toBeUndefined();
    expect(parseToolReference('x:')).toBeUndefined();
  });

  it('round-trips through a URL query, replacing a filter already there', () => {
    const url = withGatewayFilter('http://127.0.0.1:4100/mcp?servers=old', { servers: ['memory', 'github'], tools: ['github:get_issue'] });
    expect(url).toBe('http://127.0.0.1:4100/mcp?servers=memory%2Cgithub&tools=github%3Aget_issue');
    expect(gatewayFilterOf(new URL(url).searchParams)).toEqual({ servers: ['memory', 'github'], tools: ['github:get_issue'] });
    expect(gatewayFilterOf(new URLSearchParams('servers=a&servers=b,c'))).toEqual({ servers: ['a', 'b', 'c'] });
    expect(gatewayFilterOf(new URLSearchParams(''))).toEqual({});
    expect(withGatewayFilter('http://h/mcp', {})).toBe('http://h/mcp');
  });

  it('says what is wrong with a filter', () => {
    expect(gatewayFilterProblem({ servers: ['a'], tools: ['a:x'] })).toBeUndefined();
    expect(gatewayFilterProblem({ tools: ['x', 'a:y'] })).toBe('tools are named server:tool (got "x")');
    expect(gatewayFilterProblem({ servers: [] })).toBe('servers names no server');
    expect(gatewayFilterProblem(gatewayFilterOf(new URLSearchParams('tools=')))).toBe('tools names no tool');
  });
});
