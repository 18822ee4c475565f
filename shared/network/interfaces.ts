import { networkInterfaces } from 'node:os';
import { formatIp, isLoopbackOrLinkLocal, parseIp, unmapIPv4 } from './ip.js';

export interface InterfaceAddress {
  interface: string;
  address: string;
  family: 'ipv4' | 'ipv6';
}

type InterfaceTable = ReturnType<typeof networkInterfaces>;

/**
 * The runner's own addresses that say where it is: every interface address except loopback and
 * link-local (which every machine has). `table` is injectable for tests.
 */
export function localAddresses(table: InterfaceTable = networkInterfaces()): InterfaceAddress[] {
  const out: InterfaceAddress[] = [];
  for (const [name, infos] of Object.entries(table)) {
    for (const info of infos ?? []) {
      const parsed = parseIp(info.address.split('%')[0]!);
      if (!parsed || info.internal || isLoopbackOrLinkLocal(parsed)) continue;
      const addr = unmapIPv4(parsed);
      out.push({ interface: name, address: formatIp(addr), family: addr.family });
    }
  }
  return out;
}
