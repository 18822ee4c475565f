import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { parseIp } from '../../shared/network/ip.js';

/** A tiny authoritative DNS server on loopback UDP: A/AAAA answers from a table, NXDOMAIN otherwise. */
export async function dnsServer(records: Record<string, string[]>): Promise<{ server: string; close(): Promise<void> }> {
  const sock = createSocket('udp4');
  sock.on('message', (msg, rinfo) => {
    if (msg.length < 12) return;
    const id = msg.readUInt16BE(0);
    let off = 12;
    const labels: string[] = [];
    while (off < msg.length && msg[off]! !== 0) {
      const len = msg[off]!;
      labels.push(msg.subarray(off + 1, off + 1 + len).toString('ascii'));
      off += len + 1;
    }
    const qEnd = off + 5;
    const qtype = msg.readUInt16BE(off + 1);
    const name = labels.join('.').toLowerCase();
    const all = records[name];
    const answers = (all ?? []).map((a) => parseIp(a)!).filter((ip) => (qtype === 1 ? ip.family === 'ipv4' : qtype === 28 ? ip.family === 'ipv6' : false));
    const header = Buffer.alloc(12);
    header.writeUInt16BE(id, 0);
    header.writeUInt16BE(0x8400 | (all === undefined ? 3 : 0), 2); // response, authoritative, NXDOMAIN when unknown
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const rrs = answers.map((ip) => {
      const rdata = Buffer.alloc(ip.family === 'ipv4' ? 4 : 16);
      if (ip.family === 'ipv4') rdata.writeUInt32BE(ip.words[0]);
      else ip.words.forEach((w, i) => rdata.writeUInt32BE(w, i * 4));
      const rr = Buffer.alloc(12);
      rr.writeUInt16BE(0xc00c, 0);
      rr.writeUInt16BE(ip.family === 'ipv4' ? 1 : 28, 2);
      rr.writeUInt16BE(1, 4);
      rr.writeUInt32BE(60, 6);
      rr.writeUInt16BE(rdata.length, 10);
      return Buffer.concat([rr, rdata]);
    });
    sock.send(Buffer.concat([header, msg.subarray(12, qEnd), ...rrs]), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  const { port } = sock.address() as AddressInfo;
  return { server: `127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => sock.close(() => resolve())) };
}
