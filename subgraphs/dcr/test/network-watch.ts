import dns from 'node:dns';
import { Socket } from 'node:net';

const loopbackHosts = ['127.0.0.1', '::1', 'localhost'];

export interface NetworkWatch {
  /** Every host name looked up since the watch started. */
  lookedUp: Set<string>;
  /** Every host a TCP connection was opened to (unix sockets aside). */
  connectedTo: Set<string>;
  /** The names looked up and the hosts connected to that are not loopback: none is expected. */
  offLoopback(): string[];
  restore(): void;
}

/**
 * Records every DNS lookup and TCP connection this process makes until restore(), so that a test of real SDK
 * clients (Azure's, MSAL's) can prove that nothing left loopback.
 */
export function watchNetwork(): NetworkWatch {
  const lookedUp = new Set<string>();
  const connectedTo = new Set<string>();
  const originalLookup = dns.lookup;
  const originalConnect = Socket.prototype.connect;
  dns.lookup = ((hostname: string, ...rest: unknown[]) => {
    lookedUp.add(hostname);
    return (originalLookup as (...args: unknown[]) => unknown)(hostname, ...rest);
  }) as typeof dns.lookup;
  Socket.prototype.connect = function (this: Socket, ...args: unknown[]) {
    const options = (Array.isArray(args[0]) ? args[0][0] : args[0]) as { host?: string; path?: string } | number | string;
    if (typeof options === 'object' && options !== null && !options.path) connectedTo.add(options.host ?? 'localhost');
    if (typeof options === 'number') connectedTo.add(typeof args[1] === 'string' ? args[1] : 'localhost');
    return (originalConnect as (...a: unknown[]) => Socket).apply(this, args);
  };
  return {
    lookedUp,
    connectedTo,
    offLoopback: () => [...lookedUp, ...connectedTo].filter((host) => !loopbackHosts.includes(host)),
    restore() {
      dns.lookup = originalLookup;
      Socket.prototype.connect = originalConnect;
    },
  };
}
