import { Resolver } from 'node:dns/promises';
import { formatIp, parseIp } from './ip.js';

export interface Resolution {
  host: string;
  addresses: string[];
  /** Why nothing came back, when nothing did. */
  problem?: string;
}

export interface ResolverOptions {
  /** `ip` or `ip:port` / `[ip6]:port`; empty → the system's resolvers. */
  servers?: readonly string[];
  timeoutMs?: number;
}

const NO_DATA = new Set(['ENODATA', 'ENOTFOUND', 'NOTFOUND', 'ENONAME']);

/** Resolve A and AAAA for every host. Never throws: a host with neither gets a `problem`. */
export async function resolveHosts(hosts: readonly string[], options: ResolverOptions = {}): Promise<Resolution[]> {
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 3000, tries: 2 });
  if (options.servers && options.servers.length > 0) resolver.setServers([...options.servers]);
  return Promise.all(
    [...new Set(hosts)].map(async (host): Promise<Resolution> => {
      const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
      const addresses: string[] = [];
      const problems: string[] = [];
      for (const r of [v4, v6]) {
        if (r.status === 'fulfilled') addresses.push(...r.value.map((a) => formatIp(parseIp(a)!)));
        else {
          const code = (r.reason as NodeJS.ErrnoException).code ?? 'error';
          if (!NO_DATA.has(code)) problems.push(code);
        }
      }
      const unique = [...new Set(addresses)];
      if (unique.length > 0) return { host, addresses: unique };
      return { host, addresses: [], problem: problems.length ? `DNS lookup failed (${[...new Set(problems)].join(', ')})` : 'has no A or AAAA records' };
    }),
  );
}

/** Split `ip`, `ip:port`, `[ip6]:port` into the address the firewall must allow DNS to. */
export function resolverAddress(server: string): { address: string; port: number } | undefined {
  let host = server;
  let port = 53;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  if (bracket) {
    host = bracket[1]!;
    if (bracket[2]) port = Number(bracket[2]);
  } else if (server.split(':').length === 2) {
    [host, port] = [server.split(':')[0]!, Number(server.split(':')[1])];
  }
  const ip = parseIp(host);
  if (!ip || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { address: formatIp(ip), port };
}
