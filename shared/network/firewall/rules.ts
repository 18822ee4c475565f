import type { Family } from '../ip.js';

/**
 * Pure firewall rule generation for the egress allowlist. Nothing here runs a command: the output
 * is argv lists for iptables/ip6tables and an nft script, so every rule can be checked in tables.
 *
 * Order in the OUTPUT path (both tools): loopback; established/related; IPv6 neighbour discovery
 * (without it IPv6 stops working at all); DNS (udp+tcp) to the configured resolvers only; the allowed
 * destinations; then accounting of everything else and, in block mode, reject (TCP reset, ICMP
 * admin-prohibited otherwise) — in audit mode, counted and let through.
 */
export type FirewallTool = 'nft' | 'iptables';
export type EgressMode = 'block' | 'audit';

export interface AllowRule {
  family: Family;
  /** Canonical CIDR text (`203.0.113.7/32`, `2001:db8::/48`). */
  cidr: string;
  /** Destination port (tcp and udp); undefined = every port and protocol. */
  port?: number;
  /** What the rule is for (a host:port or the policy entry); ASCII letters, digits and . - : * / [ ] only. */
  comment?: string;
}

export interface EgressPlan {
  mode: EgressMode;
  allow: AllowRule[];
  resolvers: { family: Family; address: string; port: number }[];
}

export const IPT_CHAIN = 'CIC_EGRESS';
export const NFT_TABLE = 'ci_constraints';
export const RECENT_LIST = { ipv4: 'cic_egress4', ipv6: 'cic_egress6' } as const;

const SAFE_COMMENT = /^[A-Za-z0-9.:*\/\[\]_-]{1,200}$/;

function commentArgs(comment: string | undefined): string[] {
  return comment !== undefined && SAFE_COMMENT.test(comment) ? ['-m', 'comment', '--comment', comment] : [];
}

function hostBits(family: Family): string {
  return family === 'ipv4' ? '32' : '128';
}

export interface IptablesRules {
  /** argv (without the binary) for `iptables` and `ip6tables`, in order. */
  ipv4: string[][];
  ipv6: string[][];
}

/** Install commands for one family. `recent` adds per-destination accounting through xt_recent. */
export function iptablesInstall(plan: EgressPlan, options: { recent: boolean } = { recent: true }): IptablesRules {
  const build = (family: Family): string[][] => {
    const c = IPT_CHAIN;
    const rules: string[][] = [['-N', c], ['-A', c, '-o', 'lo', '-j', 'ACCEPT'], ['-A', c, '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT']];
    if (family === 'ipv6') {
      // Link-local housekeeping the kernel sends by itself: neighbour discovery, and MLD reports
      // (130-132, 143) when an interface joins a multicast group. Neither carries data off the link;
      // rejecting them would count the kernel as an exfiltration attempt.
      for (const type of ['neighbour-solicitation', 'neighbour-advertisement', 'router-solicitation', '130', '131', '132', '143']) {
        rules.push(['-A', c, '-p', 'ipv6-icmp', '--icmpv6-type', type, '-j', 'ACCEPT']);
      }
    }
    for (const r of plan.resolvers.filter((x) => x.family === family)) {
      for (const proto of ['udp', 'tcp']) {
        rules.push(['-A', c, '-d', `${r.address}/${hostBits(family)}`, '-p', proto, '--dport', String(r.port), ...commentArgs('dns'), '-j', 'ACCEPT']);
      }
    }
    for (const a of plan.allow.filter((x) => x.family === family)) {
      if (a.port === undefined) rules.push(['-A', c, '-d', a.cidr, ...commentArgs(a.comment), '-j', 'ACCEPT']);
      else for (const proto of ['tcp', 'udp']) rules.push(['-A', c, '-d', a.cidr, '-p', proto, '--dport', String(a.port), ...commentArgs(a.comment), '-j', 'ACCEPT']);
    }
    if (options.recent) rules.push(['-A', c, '-m', 'recent', '--name', RECENT_LIST[family], '--rdest', '--set']);
    if (plan.mode === 'block') {
      rules.push(['-A', c, '-p', 'tcp', ...commentArgs('ci-constraints-reject'), '-j', 'REJECT', '--reject-with', 'tcp-reset']);
      rules.push(['-A', c, ...commentArgs('ci-constraints-reject'), '-j', 'REJECT', '--reject-with', family === 'ipv4' ? 'icmp-admin-prohibited' : 'icmp6-adm-prohibited']);
    } else {
      rules.push(['-A', c, ...commentArgs('ci-constraints-audit'), '-j', 'RETURN']);
    }
    rules.push(['-I', 'OUTPUT', '1', '-j', c]);
    return rules;
  };
  return { ipv4: build('ipv4'), ipv6: build('ipv6') };
}

/** Remove exactly what iptablesInstall added (each step may fail harmlessly when absent). */
export function iptablesTeardown(): string[][] {
  return [
    ['-D', 'OUTPUT', '-j', IPT_CHAIN],
    ['-F', IPT_CHAIN],
    ['-X', IPT_CHAIN],
  ];
}

/** The nft script (for `nft -f -`): replaces our own table atomically and touches nothing else. */
export function nftScript(plan: EgressPlan): string {
  const lines: string[] = [];
  const rule = (s: string) => lines.push(`    ${s}`);
  const comment = (c: string | undefined) => (c !== undefined && SAFE_COMMENT.test(c) ? ` comment "${c}"` : '');
  const sel = (family: Family) => (family === 'ipv4' ? 'ip daddr' : 'ip6 daddr');
  lines.push(`table inet ${NFT_TABLE} {`);
  lines.push('  set seen4 { type ipv4_addr . inet_service; flags dynamic; counter; size 65535; }');
  lines.push('  set seen6 { type ipv6_addr . inet_service; flags dynamic; counter; size 65535; }');
  lines.push('  chain output {');
  rule('type filter hook output priority 0; policy accept;');
  rule('oifname "lo" accept');
  rule('ct state established,related accept');
  rule('icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit, mld-listener-query, mld-listener-report, mld-listener-done, mld2-listener-report } accept');
  for (const r of plan.resolvers) {
    rule(`meta l4proto { tcp, udp } ${sel(r.family)} ${r.address} th dport ${r.port} accept comment "dns"`);
  }
  for (const a of plan.allow) {
    if (a.port === undefined) rule(`${sel(a.family)} ${a.cidr} accept${comment(a.comment)}`);
    else rule(`meta l4proto { tcp, udp } ${sel(a.family)} ${a.cidr} th dport ${a.port} accept${comment(a.comment)}`);
  }
  rule('meta nfproto ipv4 meta l4proto { tcp, udp } update @seen4 { ip daddr . th dport }');
  rule('meta nfproto ipv6 meta l4proto { tcp, udp } update @seen6 { ip6 daddr . th dport }');
  if (plan.mode === 'block') {
    rule('meta l4proto tcp counter reject with tcp reset comment "ci-constraints-reject"');
    rule('counter reject with icmpx type admin-prohibited comment "ci-constraints-reject"');
  } else {
    rule('counter accept comment "ci-constraints-audit"');
  }
  lines.push('  }');
  lines.push('}');
  // `add` then `delete` makes the replace work whether or not an earlier run left the table behind.
  return [`add table inet ${NFT_TABLE}`, `delete table inet ${NFT_TABLE}`, ...lines, ''].join('\n');
}

export function nftTeardown(): string[] {
  return ['delete', 'table', 'inet', NFT_TABLE];
}
