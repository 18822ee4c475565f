import { spawn } from 'node:child_process';
import { CiConstraintsError } from '../../errors.js';
import { formatIp, parseIp } from '../ip.js';
import { IPT_CHAIN, NFT_TABLE, RECENT_LIST, iptablesInstall, iptablesTeardown, nftScript, nftTeardown, type EgressPlan, type FirewallTool } from './rules.js';

/** Runs a program without a shell. `prefix` is prepended to every argv (tests: `ip netns exec NS`). */
export interface CommandRunner {
  run(argv: readonly string[], input?: string): Promise<CommandResult>;
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  spawnError?: string;
}

export function commandRunner(prefix: readonly string[] = [], timeoutMs = 20_000): CommandRunner {
  return {
    run(argv, input) {
      const full = [...prefix, ...argv];
      return new Promise((resolve) => {
        let child;
        try {
          // Our own kill timer, cleared on close: spawn's `timeout` option leaves its timer armed when
          // the program cannot be started (ENOENT: no sudo, no nft), holding the step open 20 s.
          child = spawn(full[0]!, full.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], shell: false });
        } catch (err) {
          resolve({ code: 127, stdout: '', stderr: '', spawnError: (err as Error).message });
          return;
        }
        const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
        let stdout = '';
        let stderr = '';
        let spawnError: string | undefined;
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
        child.on('error', (err: NodeJS.ErrnoException) => (spawnError = err.code ?? err.message));
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve(spawnError !== undefined ? { code: code ?? 127, stdout, stderr, spawnError } : { code: code ?? 1, stdout, stderr });
        });
        child.stdin.on('error', () => undefined);
        child.stdin.end(input ?? '');
      });
    },
  };
}

export interface Capability {
  ok: boolean;
  /** Why enforcement is impossible here (when !ok). */
  reason?: string;
  tool?: FirewallTool;
  /** Program paths that worked. */
  binaries: { nft?: string; iptables?: string; ip6tables?: string };
  /** `['sudo', '-n']` when not root, else []. */
  privilege: string[];
}

export interface DetectOptions {
  os?: NodeJS.Platform;
  /** Effective uid; undefined where the OS has none. */
  uid?: number;
  prefer?: 'auto' | FirewallTool;
}

async function findBinary(runner: CommandRunner, privilege: string[], name: string, probe: string[]): Promise<string | undefined> {
  for (const candidate of [name, `/usr/sbin/${name}`, `/sbin/${name}`]) {
    const res = await runner.run([...privilege, candidate, ...probe]);
    if (res.spawnError === undefined && res.code === 0) return candidate;
  }
  return undefined;
}

/**
 * Can this runner enforce an egress allowlist? Linux, root or passwordless sudo (`sudo -n`), and
 * a working nft or iptables+ip6tables (each probed by listing rules, which needs CAP_NET_ADMIN).
 */
export async function detectCapability(runner: CommandRunner, options: DetectOptions = {}): Promise<Capability> {
  const os = options.os ?? process.platform;
  const uid = 'uid' in options ? options.uid : process.getuid?.();
  const none = (reason: string): Capability => ({ ok: false, reason, binaries: {}, privilege: [] });
  if (os !== 'linux') return none(`the runner OS is ${os}; egress rules need Linux netfilter`);
  let privilege: string[] = [];
  if (uid !== 0) {
    const sudo = await runner.run(['sudo', '-n', 'true']);
    if (sudo.spawnError !== undefined || sudo.code !== 0) return none('the step runs without root and sudo is absent or asks for a password');
    privilege = ['sudo', '-n'];
  }
  const prefer = options.prefer ?? 'auto';
  const binaries: Capability['binaries'] = {};
  if (prefer !== 'iptables') {
    const nft = await findBinary(runner, privilege, 'nft', ['list', 'tables']);
    if (nft) return { ok: true, tool: 'nft', binaries: { nft }, privilege };
  }
  if (prefer !== 'nft') {
    const ipt = await findBinary(runner, privilege, 'iptables', ['-S', 'OUTPUT']);
    const ip6t = await findBinary(runner, privilege, 'ip6tables', ['-S', 'OUTPUT']);
    if (ipt && ip6t) return { ok: true, tool: 'iptables', binaries: { iptables: ipt, ip6tables: ip6t }, privilege };
    if (ipt) binaries.iptables = ipt;
  }
  const wanted = prefer === 'nft' ? 'nft' : prefer === 'iptables' ? 'iptables and ip6tables' : 'nft, or iptables and ip6tables';
  return { ok: false, reason: `no working ${wanted} (missing, or not permitted to list rules)`, binaries, privilege };
}

export interface Installed {
  tool: FirewallTool;
  binaries: Capability['binaries'];
  privilege: string[];
  /** iptables only: whether xt_recent per-destination accounting is in place. */
  recent?: boolean;
  commands: number;
}

function failed(what: string, res: CommandResult): CiConstraintsError {
  const detail = (res.spawnError ?? res.stderr.trim().split('\n').slice(0, 3).join(' ')) || `exit ${res.code}`;
  return new CiConstraintsError('io-failed', `${what} failed: ${detail}`);
}

/** Install the plan with the detected tool. Any failure tears down what was added, then throws io-failed. */
export async function installEgress(runner: CommandRunner, cap: Capability, plan: EgressPlan): Promise<Installed> {
  if (!cap.ok || !cap.tool) throw new CiConstraintsError('io-failed', `cannot install egress rules: ${cap.reason ?? 'no tool'}`);
  const priv = cap.privilege;
  if (cap.tool === 'nft') {
    const nft = cap.binaries.nft!;
    const res = await runner.run([...priv, nft, '-f', '-'], nftScript(plan));
    if (res.code !== 0 || res.spawnError) {
      await runner.run([...priv, nft, ...nftTeardown()]);
      throw failed('nft -f (loading the egress table)', res);
    }
    return { tool: 'nft', binaries: cap.binaries, privilege: priv, commands: 1 };
  }
  const attempt = async (recent: boolean): Promise<CommandResult | number> => {
    await iptablesRemove(runner, cap);
    const rules = iptablesInstall(plan, { recent });
    let count = 0;
    for (const [bin, list] of [[cap.binaries.iptables!, rules.ipv4], [cap.binaries.ip6tables!, rules.ipv6]] as const) {
      for (const argv of list) {
        const res = await runner.run([...priv, bin, ...argv]);
        count++;
        if (res.code !== 0 || res.spawnError) {
          await iptablesRemove(runner, cap);
          return { ...res, stderr: `${bin} ${argv.join(' ')}: ${res.stderr}` };
        }
      }
    }
    return count;
  };
  let result = await attempt(true);
  let recent = true;
  if (typeof result !== 'number') {
    // xt_recent may be missing from the kernel: fall back to counters only.
    recent = false;
    result = await attempt(false);
  }
  if (typeof result !== 'number') throw failed('iptables', result);
  return { tool: 'iptables', binaries: cap.binaries, privilege: priv, recent, commands: result };
}

async function iptablesRemove(runner: CommandRunner, cap: Pick<Capability, 'binaries' | 'privilege'>): Promise<string[]> {
  const problems: string[] = [];
  for (const bin of [cap.binaries.iptables, cap.binaries.ip6tables]) {
    if (!bin) continue;
    // The jump may have been added more than once by an interrupted earlier run: remove every copy.
    for (let i = 0; i < 16; i++) {
      const res = await runner.run([...cap.privilege, bin, '-D', 'OUTPUT', '-j', IPT_CHAIN]);
      if (res.code !== 0) break;
    }
    for (const argv of iptablesTeardown().slice(1)) await runner.run([...cap.privilege, bin, ...argv]);
    const left = await runner.run([...cap.privilege, bin, '-S', IPT_CHAIN]);
    if (left.code === 0) problems.push(`${bin}: chain ${IPT_CHAIN} is still present`);
  }
  return problems;
}

/** Remove our table/chain and nothing else. Returns problems (empty = clean). */
export async function removeEgress(runner: CommandRunner, installed: Pick<Installed, 'tool' | 'binaries' | 'privilege'>): Promise<string[]> {
  if (installed.tool === 'nft') {
    const nft = installed.binaries.nft!;
    await runner.run([...installed.privilege, nft, ...nftTeardown()]);
    const left = await runner.run([...installed.privilege, nft, 'list', 'table', 'inet', NFT_TABLE]);
    return left.code === 0 ? [`nft table inet ${NFT_TABLE} is still present`] : [];
  }
  return iptablesRemove(runner, installed);
}

/** One destination that hit the catch-all (blocked in block mode, let through and counted in audit). */
export interface EgressAttempt {
  address: string;
  /** Destination port, when the tool records it (nft). */
  port?: number;
  packets: number;
}

export interface EgressCounters {
  /** Packets that reached the reject / audit rule. */
  packets: number;
  attempts: EgressAttempt[];
  /** False when the chain/table is gone (someone removed it during the job). */
  present: boolean;
}

/** Read what hit the catch-all: per-destination (nft sets; iptables xt_recent) and rule counters. */
export async function readEgressCounters(runner: CommandRunner, installed: Pick<Installed, 'tool' | 'binaries' | 'privilege' | 'recent'>): Promise<EgressCounters> {
  const priv = installed.privilege;
  if (installed.tool === 'nft') {
    const res = await runner.run([...priv, installed.binaries.nft!, '-j', 'list', 'table', 'inet', NFT_TABLE]);
    if (res.code !== 0) return { packets: 0, attempts: [], present: false };
    return { ...parseNftCounters(res.stdout), present: true };
  }
  let packets = 0;
  const attempts: EgressAttempt[] = [];
  let present = true;
  for (const [family, bin] of [['ipv4', installed.binaries.iptables!], ['ipv6', installed.binaries.ip6tables!]] as const) {
    const res = await runner.run([...priv, bin, '-L', IPT_CHAIN, '-v', '-x', '-n']);
    if (res.code !== 0) {
      present = false;
      continue;
    }
    packets += parseIptablesCounters(res.stdout);
    if (installed.recent) {
      const list = await runner.run([...priv, 'cat', `/proc/net/xt_recent/${RECENT_LIST[family]}`]);
      if (list.code === 0) attempts.push(...parseRecentList(list.stdout));
    }
  }
  return { packets, attempts, present };
}

/** Sum the packet counters of our reject/audit rules in `iptables -L CHAIN -v -x -n` output. */
export function parseIptablesCounters(listing: string): number {
  let total = 0;
  for (const line of listing.split('\n')) {
    if (!/\/\* ci-constraints-(reject|audit) \*\//.test(line)) continue;
    const pkts = Number(line.trim().split(/\s+/)[0]);
    if (Number.isFinite(pkts)) total += pkts;
  }
  return total;
}

/** `/proc/net/xt_recent/NAME`: `src=ADDR ttl: T last_seen: S oldest_pkt: N t1 t2 …` per destination. */
export function parseRecentList(text: string): EgressAttempt[] {
  const out: EgressAttempt[] = [];
  for (const line of text.split('\n')) {
    const m = /^src=(\S+)\s.*oldest_pkt:\s*\d+\s*(.*)$/.exec(line.trim());
    if (!m) continue;
    const ip = parseIp(m[1]!);
    if (!ip) continue;
    const stamps = m[2]!.trim().split(/\s+/).filter((s) => /^\d+$/.test(s));
    out.push({ address: formatIp(ip), packets: Math.max(1, stamps.length) });
  }
  return out;
}

/** `nft -j list table inet ci_constraints`: set elements with counters, and our rules' counters. */
export function parseNftCounters(json: string): { packets: number; attempts: EgressAttempt[] } {
  let doc: { nftables?: Record<string, any>[] };
  try {
    doc = JSON.parse(json);
  } catch {
    return { packets: 0, attempts: [] };
  }
  let packets = 0;
  const attempts: EgressAttempt[] = [];
  for (const item of doc.nftables ?? []) {
    if (item.set && (item.set.name === 'seen4' || item.set.name === 'seen6')) {
      for (const el of item.set.elem ?? []) {
        const e = el?.elem;
        const concat = e?.val?.concat;
        if (!Array.isArray(concat)) continue;
        const ip = typeof concat[0] === 'string' ? parseIp(concat[0]) : undefined;
        if (!ip) continue;
        const port = typeof concat[1] === 'number' ? concat[1] : undefined;
        const attempt: EgressAttempt = { address: formatIp(ip), packets: Number(e?.counter?.packets ?? 1) };
        if (port !== undefined) attempt.port = port;
        attempts.push(attempt);
      }
    }
    if (item.rule && typeof item.rule.comment === 'string' && /^ci-constraints-(reject|audit)$/.test(item.rule.comment)) {
      for (const expr of item.rule.expr ?? []) if (expr?.counter) packets += Number(expr.counter.packets ?? 0);
    }
  }
  return { packets, attempts };
}
