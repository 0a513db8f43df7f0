import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';

/**
 * Which addresses an outbound request to a URL someone else chose may connect to (a catalog import, a remote MCP
 * server's authorization server): it must not reach the platform's own neighbourhood (its loopback services, the
 * private network, the cloud metadata endpoint). The host is resolved first, every address it resolves to is
 * checked, and the caller connects to an address that was checked (no second lookup an attacker's DNS could answer
 * differently). Which internal hosts are allowed anyway is a setting of each caller (AllowedHosts names it).
 */

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses (tests pass an in-process fake). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

/** The guard refused a host or address; the message is for the log, never for the caller. */
export class AddressRefusedError extends Error {}

/** Ranges no outbound request connects to unless the caller's allow-hosts setting lists them. */
const refusedV4: [string, number, string][] = [
  ['0.0.0.0', 8, '"this network" (reaches the host itself)'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared address space (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay anycast'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved (and broadcast)'],
];
const refusedV6: [string, number, string][] = [
  ['::', 128, 'unspecified (reaches the host itself)'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'IPv4-compatible (deprecated)'],
  ['64:ff9b:1::', 48, 'local-use NAT64'],
  ['100::', 64, 'discard-only'],
  ['2001::', 23, 'IETF protocol assignments (Teredo, ORCHID, …)'],
  ['2001:db8::', 32, 'documentation'],
  ['3fff::', 20, 'documentation'],
  ['5f00::', 16, 'segment routing (SRv6)'],
  ['fc00::', 7, 'unique local (private, cloud metadata)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local (deprecated)'],
  ['ff00::', 8, 'multicast'],
];

function rangeList(): { list: BlockList; names: [BlockList, string][] } {
  const list = new BlockList();
  const names: [BlockList, string][] = [];
  for (const [network, prefix, name] of refusedV4) {
    const one = new BlockList();
    one.addSubnet(network, prefix, 'ipv4');
    list.addSubnet(network, prefix, 'ipv4');
    names.push([one, name]);
  }
  for (const [network, prefix, name] of refusedV6) {
    const one = new BlockList();
    one.addSubnet(network, prefix, 'ipv6');
    list.addSubnet(network, prefix, 'ipv6');
    names.push([one, name]);
  }
  return { list, names };
}
const ranges = rangeList();

/** The eight 16-bit groups of an IPv6 address (an embedded dotted quad included), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address;
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad?.[1]) {
    const bytes = quad[1].split('.').map(Number);
    text = `${text.slice(0, -quad[1].length)}${(((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0)).toString(16)}:${(((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const groups = tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : null;
}

const dottedQuad = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;

/** The IPv4 address an IPv6 one carries (IPv4-mapped, NAT64 64:ff9b::/96, 6to4 2002::/16), or null. */
function embeddedIpv4(groups: number[]): string | null {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) return dottedQuad(g6, g7);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return dottedQuad(g6, g7);
  if (g0 === 0x2002) return dottedQuad(g1, g2);
  return null;
}

/**
 * Why an outbound request may not connect to this address (the name of its range), or null for a public address.
 * IPv6 addresses that carry an IPv4 address are judged by it.
 */
export function refusedRange(address: string): string | null {
  const bare = address.replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 4) return ranges.list.check(bare, 'ipv4') ? nameOf(bare, 'ipv4') : null;
  if (version !== 6) return 'not an IP address';
  const groups = ipv6Groups(bare);
  if (!groups) return 'not an IP address';
  const inner = embeddedIpv4(groups);
  if (inner) {
    const innerRange = refusedRange(inner);
    return innerRange ? `${innerRange}, carried in IPv6` : null;
  }
  return ranges.list.check(bare, 'ipv6') ? nameOf(bare, 'ipv6') : null;
}

function nameOf(address: string, type: 'ipv4' | 'ipv6'): string {
  return ranges.names.find(([list]) => list.check(address, type))?.[1] ?? 'internal';
}

/** A host name as compared: lower case, without the brackets of an IPv6 literal or a trailing dot. */
export function bareHost(hostname: string): string {
  return hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

/**
 * An allow-hosts setting (MCP_CATALOG_IMPORT_ALLOW_HOSTS, MCP_OAUTH_ALLOW_HOSTS): host names, addresses and CIDR
 * ranges (comma-separated) that may be reached even though they are loopback, private or link-local. A listed name
 * may resolve to anything; a listed address or range opens that address for every name that resolves to it.
 * `variable` names the setting in refusals.
 */
export class AllowedHosts {
  private constructor(
    private readonly names: ReadonlySet<string>,
    private readonly addresses: BlockList,
    readonly entries: readonly string[],
    readonly variable: string,
  ) {}

  static parse(text: string | undefined, variable = 'MCP_CATALOG_IMPORT_ALLOW_HOSTS'): AllowedHosts {
    const names = new Set<string>();
    const addresses = new BlockList();
    const entries = (text ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    for (const entry of entries) {
      const [network = '', prefixText, extra] = entry.split('/');
      const address = bareHost(network);
      const version = isIP(address);
      if (prefixText !== undefined) {
        const prefix = Number(prefixText);
        const max = version === 6 ? 128 : 32;
        if (!version || extra !== undefined || !/^\d+$/.test(prefixText) || prefix > max)
          throw new Error(`"${entry}" is neither a host name, an IP address nor a CIDR range.`);
        addresses.addSubnet(address, prefix, version === 6 ? 'ipv6' : 'ipv4');
      } else if (version) {
        addresses.addAddress(address, version === 6 ? 'ipv6' : 'ipv4');
      } else if (/^[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*$/.test(address)) {
        names.add(address);
      } else {
        throw new Error(`"${entry}" is neither a host name, an IP address nor a CIDR range.`);
      }
    }
    return new AllowedHosts(names, addresses, entries, variable);
  }

  allowsName(hostname: string): boolean {
    return this.names.has(bareHost(hostname));
  }

  allowsAddress(address: string): boolean {
    const bare = address.replace(/%.*$/, '');
    const version = isIP(bare);
    if (!version) return false;
    if (this.addresses.check(bare, version === 6 ? 'ipv6' : 'ipv4')) return true;
    const groups = version === 6 ? ipv6Groups(bare) : null;
    const inner = groups ? embeddedIpv4(groups) : null;
    return inner !== null && this.addresses.check(inner, 'ipv4');
  }
}

export interface AddressPolicy {
  allowHosts: AllowedHosts;
  resolve: HostResolver;
}

/**
 * The addresses a request may connect to for this URL, in the order to try them: every address the host
 * resolves to must pass (or be allowed), else the whole host is refused. Address literals (the URL parser
 * has already turned 2130706433, 0x7f.1 or 0177.0.0.1 into 127.0.0.1) are checked without a lookup, and
 * `localhost` names are refused without one.
 */
export async function checkedAddresses(url: URL, policy: AddressPolicy): Promise<ResolvedAddress[]> {
  const host = bareHost(url.hostname);
  const nameAllowed = policy.allowHosts.allowsName(host);
  const version = isIP(host);
  if (!version && !nameAllowed && (host === 'localhost' || host.endsWith('.localhost'))) {
    throw new AddressRefusedError(`${host} is refused: localhost names are loopback`);
  }
  let addresses: ResolvedAddress[];
  if (version) {
    addresses = [{ address: host, family: version === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await policy.resolve(host);
    } catch (error) {
      throw new AddressRefusedError(`${host} does not resolve: ${(error as { code?: string }).code ?? (error as Error).message}`);
    }
    if (addresses.length === 0) throw new AddressRefusedError(`${host} resolves to no address`);
  }
  if (nameAllowed) return addresses;
  for (const { address } of addresses) {
    const range = refusedRange(address);
    if (range && !policy.allowHosts.allowsAddress(address)) {
      throw new AddressRefusedError(
        `${host === address ? address : `${host} (${address})`} is refused: ${range} address, not in ${policy.allowHosts.variable}`,
      );
    }
  }
  return addresses;
}

/** An allow-hosts setting named `variable` (zod): a bad entry stops the start, naming it. */
export const allowHostsSettingNamed = (variable: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      try {
        return AllowedHosts.parse(value, variable);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });

/** The MCP_CATALOG_IMPORT_ALLOW_HOSTS setting. */
export const allowHostsSetting = allowHostsSettingNamed('MCP_CATALOG_IMPORT_ALLOW_HOSTS');
