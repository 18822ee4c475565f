import { Resolver } from 'node:dns/promises';
import type { networkInterfaces } from 'node:os';
import type { CheckResult } from '../decision.js';
import { ConfigError } from '../errors.js';
import { durationMs } from '../policy/sections/common.js';
import type { NetworkPolicy } from '../policy/sections/network.js';
import { forgeClient } from '../platform/api.js';
import {
  declaredHostChecks,
  describeAttempt,
  egressLookupChecks,
  egressReportChecks,
  enforcementCheck,
  githubMetaCheck,
  locationChecks,
  resolutionChecks,
  type LocationCheck,
} from '../checks/network.js';
import { AllowList, expandAllow } from '../network/allowlist.js';
import { resolveHosts, resolverAddress, type Resolution } from '../network/dns.js';
import { DEFAULT_ECHO_ENDPOINTS, lookupEgress, parseEchoEndpoint } from '../network/echo.js';
import { githubMetaRanges } from '../network/github-meta.js';
import { findEgressEntry, parseEgressEntry, parseHostPort, type EgressEntry } from '../network/hosts.js';
import { localAddresses, type InterfaceAddress } from '../network/interfaces.js';
import { NetworkEntryError, parseIp } from '../network/ip.js';
import type { AllowRule, EgressPlan, FirewallTool } from '../network/firewall/rules.js';
import { commandRunner, detectCapability, installEgress, readEgressCounters, removeEgress, type CommandRunner, type DetectOptions, type Installed } from '../network/firewall/system.js';
import type { ActionModule, ActionOutcome, ActionRequest } from './types.js';

/** What ip-guard touches outside the Platform, injectable for tests (a network namespace, fake interfaces). */
export interface IpGuardDeps {
  /** Runs iptables/nft/sudo; tests prefix `ip netns exec NS`. */
  runner: CommandRunner;
  detect?: DetectOptions;
  interfaces?: () => ReturnType<typeof networkInterfaces>;
}

const STATE_KEY = 'ip-guard-egress';

interface SavedState {
  installed: boolean;
  reason?: string;
  mode: 'block' | 'audit';
  tool?: FirewallTool;
  binaries?: Installed['binaries'];
  privilege?: string[];
  recent?: boolean;
  /** address → host names that resolved to it, to name blocked attempts. */
  names: Record<string, string[]>;
}

function where(req: ActionRequest, path: (string | number)[]): string {
  const s = req.ruleSource(path);
  return s.location ? `${s.policyPath} at ${s.location.file}:${s.location.line}:${s.location.column}` : s.policyPath;
}

function splitList(text: string | undefined): string[] {
  return (text ?? '').split(/[\s,]+/).filter((s) => s.length > 0);
}

function networkPolicy(req: ActionRequest): NetworkPolicy {
  const net = req.constraints.network;
  if (!net || (net.allow === undefined && net.egress === undefined)) {
    throw new ConfigError('policy-invalid', `environment "${req.environment}" sets neither network.allow nor network.egress, so ip-guard has nothing to check`, {
      hint: 'add network: { allow: [203.0.113.0/24] } and/or network: { egress: ["api.github.com:443"] } to the environment',
    });
  }
  return net;
}

function echoEndpoints(req: ActionRequest, net: NetworkPolicy): string[] {
  const fromInput = splitList(req.platform.input('echo-endpoints'));
  const raw = net['echo-endpoints'] ?? (fromInput.length > 0 ? fromInput : [...DEFAULT_ECHO_ENDPOINTS]);
  const urls = raw.map((u) => parseEchoEndpoint(u));
  if (urls.length < 2) {
    throw new ConfigError('input-invalid', `ip-guard needs at least two echo endpoints to compare, got ${urls.length}`, { hint: 'list two or more HTTPS endpoints in echo-endpoints (space or comma separated)' });
  }
  return urls;
}

function locationMode(req: ActionRequest, net: NetworkPolicy, notes: string[]): LocationCheck {
  const input = req.platform.input('check');
  if (input !== undefined && !['egress', 'local', 'both'].includes(input)) {
    throw new ConfigError('input-invalid', `input check is "${input}"; use egress, local or both`);
  }
  if (net.check !== undefined) {
    if (input !== undefined && input !== net.check) notes.push(`input check=${input} ignored: the policy sets network.check=${net.check}`);
    return net.check;
  }
  return (input as LocationCheck | undefined) ?? 'egress';
}

async function runLocation(req: ActionRequest, net: NetworkPolicy, deps: IpGuardDeps, out: Required<Pick<ActionOutcome, 'checks' | 'notes' | 'outputs'>> & { summary: string[]; details: Record<string, unknown> }): Promise<void> {
  const lists = net.lists ?? {};
  const spec = expandAllow(net.allow ?? [], lists, (i, list, j) =>
    list === undefined ? where(req, ['network', 'allow', i]) : j === undefined ? where(req, ['network', 'lists', list]) : where(req, ['network', 'lists', list, j]),
  );
  const check = locationMode(req, net, out.notes);
  const endpoints = check === 'local' ? [] : echoEndpoints(req, net);
  const timeoutText = req.platform.input('echo-timeout') ?? '5s';
  let timeoutMs: number;
  try {
    timeoutMs = durationMs(timeoutText);
  } catch {
    throw new ConfigError('input-invalid', `input echo-timeout is "${timeoutText}"; write a duration like 5s or 1500ms`);
  }

  let allow = new AllowList(spec.ranges);
  if (spec.githubMeta.length > 0) {
    let metaProblem: string | undefined;
    let count = 0;
    try {
      const meta = await githubMetaRanges(forgeClient(req.platform, 'github', { timeoutMs: 10_000 }), spec.githubMeta);
      allow = new AllowList(spec.ranges, meta);
      count = allow.size - spec.ranges.length;
    } catch (err) {
      // Unusable published data is GitHub's problem, not the policy's: a failed check, not exit 2.
      metaProblem = (err as Error).message;
    }
    out.checks.push(...githubMetaCheck(spec.githubMeta, metaProblem, count, req.ruleSource));
  }

  let egressAddress: string | undefined;
  if (endpoints.length > 0) {
    const answers = await lookupEgress(endpoints, { timeoutMs });
    const judged = egressLookupChecks(answers, req.ruleSource);
    out.checks.push(...judged.checks);
    egressAddress = judged.address;
    out.details.echo = answers;
  }
  let local: InterfaceAddress[] | undefined;
  if (check !== 'egress') local = localAddresses(deps.interfaces?.());
  const located = locationChecks({ check, ...(egressAddress !== undefined ? { egressAddress } : {}), ...(local ? { local } : {}) }, allow, req.ruleSource);
  out.checks.push(...located);

  const seen = [...(egressAddress ? [egressAddress] : []), ...(local ?? []).map((a) => a.address)];
  const matched = located.filter((c) => c.status === 'pass').map((c) => String(c.required));
  out.outputs['addresses'] = seen.join(',');
  out.outputs['egress-ip'] = egressAddress ?? '';
  out.outputs['matched-ranges'] = [...new Set(matched)].join(',');
  out.details.location = { check, egressAddress, local, matched: [...new Set(matched)], ranges: allow.size };
  out.summary.push(
    '#### Runner location',
    '',
    '| address | seen by | approved range |',
    '|---|---|---|',
    ...located.map((c) => `| ${String(c.seen ?? '')} | ${c.message.startsWith('egress') ? 'echo endpoints' : c.message.split(' address')[0]} | ${c.status === 'pass' ? String(c.required) : '**none**'} |`),
    '',
  );
}

/** A host entry, or a wildcard entry made concrete by a declared host, to resolve and allow. */
interface HostTarget {
  host: string;
  port: number;
  entryIndex: number;
}

async function runEgress(req: ActionRequest, net: NetworkPolicy, deps: IpGuardDeps, out: Required<Pick<ActionOutcome, 'checks' | 'notes' | 'outputs'>> & { summary: string[]; details: Record<string, unknown> }): Promise<void> {
  const egress = net.egress ?? [];
  const entries: EgressEntry[] = egress.map((e, i) => {
    try {
      return parseEgressEntry(e);
    } catch (err) {
      if (err instanceof NetworkEntryError) throw new NetworkEntryError(err.entry, `(${where(req, ['network', 'egress', i])}) ${err.message.slice(JSON.stringify(err.entry).length + 1)}`, err.hint);
      throw err;
    }
  });
  const targets: HostTarget[] = [];
  entries.forEach((e, i) => {
    if (e.kind === 'host') targets.push({ host: e.host, port: e.port, entryIndex: i });
  });
  const declared = splitList(req.platform.input('egress-hosts')).map((text) => {
    const hp = parseHostPort(text);
    const entry = findEgressEntry(entries, hp.host, hp.port);
    if (entry) targets.push({ ...hp, entryIndex: entries.indexOf(entry) });
    return entry ? { ...hp, entry: entry.text } : hp;
  });
  out.checks.push(...declaredHostChecks(declared, req.ruleSource));
  const concreteWildcards = new Set(targets.map((t) => t.entryIndex));
  const unenforceable = entries.filter((e, i) => e.kind === 'wildcard' && !concreteWildcards.has(i)).map((e) => e.text);

  const resolverTexts = net.resolvers ?? splitList(req.platform.input('egress-resolvers'));
  const resolvers = resolverTexts.map((text) => {
    const r = resolverAddress(text);
    if (!r) throw new ConfigError('input-invalid', `DNS resolver ${JSON.stringify(text)} is not an IP address (optionally :port)`, { hint: 'write resolvers like 1.1.1.1 or [2606:4700:4700::1111]:53' });
    return r;
  });
  const systemResolvers = resolvers.length > 0 ? [] : new Resolver().getServers().map((s) => resolverAddress(s)).filter((r): r is NonNullable<typeof r> => r !== undefined);
  const dnsServers = resolvers.length > 0 ? resolverTexts : undefined;

  const uniqueHosts = [...new Set(targets.map((t) => t.host))];
  const resolutions: Resolution[] = uniqueHosts.length ? await resolveHosts(uniqueHosts, dnsServers ? { servers: dnsServers } : {}) : [];
  const byHost = new Map(resolutions.map((r) => [r.host, r]));
  out.checks.push(...resolutionChecks(resolutions.map((r) => ({ ...r, entryIndex: targets.find((t) => t.host === r.host)!.entryIndex })), req.ruleSource));

  const allow: AllowRule[] = [];
  const names: Record<string, string[]> = {};
  const seenRule = new Set<string>();
  const push = (rule: AllowRule) => {
    const key = `${rule.cidr}|${rule.port ?? '*'}`;
    if (!seenRule.has(key)) {
      seenRule.add(key);
      allow.push(rule);
    }
  };
  for (const t of targets) {
    for (const address of byHost.get(t.host)?.addresses ?? []) {
      const ip = parseIp(address)!;
      push({ family: ip.family, cidr: `${address}/${ip.family === 'ipv4' ? 32 : 128}`, port: t.port, comment: `${t.host}:${t.port}` });
      (names[address] ??= []).includes(t.host) || names[address]!.push(t.host);
    }
  }
  for (const e of entries) {
    if (e.kind === 'cidr') push({ family: e.range.family, cidr: e.range.text, ...(e.port !== undefined ? { port: e.port } : {}), comment: e.text });
  }
  const mode = req.mode === 'audit' ? 'audit' : 'block';
  const plan: EgressPlan = {
    mode,
    allow,
    resolvers: (resolvers.length > 0 ? resolvers : systemResolvers).map((r) => ({ family: parseIp(r.address)!.family, address: r.address, port: r.port })),
  };
  const enforcement = net['egress-enforcement'] ?? 'strict';
  const preferText = req.platform.input('egress-tool') ?? 'auto';
  if (!['auto', 'nft', 'iptables'].includes(preferText)) throw new ConfigError('input-invalid', `input egress-tool is "${preferText}"; use auto, nft or iptables`);
  const cap = await detectCapability(deps.runner, { ...deps.detect, prefer: preferText as 'auto' | FirewallTool });
  let installed: Installed | undefined;
  let problem = cap.reason;
  if (cap.ok) {
    try {
      installed = await installEgress(deps.runner, cap, plan);
    } catch (err) {
      problem = (err as Error).message;
    }
  }
  const state: SavedState = installed
    ? { installed: true, mode, tool: installed.tool, binaries: installed.binaries, privilege: installed.privilege, ...(installed.recent !== undefined ? { recent: installed.recent } : {}), names }
    : { installed: false, mode, names, ...(problem ? { reason: problem } : {}) };
  req.platform.saveState(STATE_KEY, JSON.stringify(state));
  out.checks.push(
    ...enforcementCheck(
      { enforcement, mode, ...(installed ? { installed: { tool: installed.tool, destinations: allow.length } } : {}), ...(problem !== undefined && !installed ? { problem } : {}), unenforceableWildcards: unenforceable },
      req.ruleSource,
    ),
  );
  if (!installed) out.notes.push(`ip-guard egress allowlist NOT ENFORCED: ${problem ?? 'not installed'}`);
  else if (mode === 'audit') out.notes.push('ip-guard egress allowlist in audit mode: NOT ENFORCED, attempts are only counted');
  out.outputs['egress-enforced'] = installed && mode === 'block' ? 'true' : 'false';
  out.outputs['egress-tool'] = installed?.tool ?? '';
  out.details.egress = { mode, tool: installed?.tool, rules: allow, resolvers: plan.resolvers, notEnforced: installed ? undefined : problem };
  out.summary.push(
    '#### Egress allowlist',
    '',
    installed ? `Installed with \`${installed.tool}\` in **${mode}** mode${mode === 'audit' ? ' (NOT ENFORCED: attempts are counted, not blocked)' : ''}.` : `**NOT ENFORCED**: ${problem ?? 'not installed'}.`,
    '',
    '| destination | port | for |',
    '|---|---|---|',
    ...allow.map((r) => `| ${r.cidr} | ${r.port ?? 'any'} | ${r.comment ?? ''} |`),
    '',
  );
}

async function run(req: ActionRequest, deps: IpGuardDeps): Promise<ActionOutcome> {
  const net = networkPolicy(req);
  const out = { checks: [] as CheckResult[], notes: [] as string[], outputs: {} as Record<string, string>, summary: [] as string[], details: {} as Record<string, unknown> };
  // Parse every entry before any I/O, so a bad policy is exit 2 without side effects.
  if (net.egress) net.egress.forEach((e, i) => {
    try {
      parseEgressEntry(e);
    } catch (err) {
      if (err instanceof NetworkEntryError) throw new NetworkEntryError(err.entry, `(${where(req, ['network', 'egress', i])}) ${err.message.slice(JSON.stringify(err.entry).length + 1)}`, err.hint);
      throw err;
    }
  });
  if (net.allow) await runLocation(req, net, deps, out);
  if (net.egress) await runEgress(req, net, deps, out);
  return { checks: out.checks, notes: out.notes, outputs: out.outputs, details: out.details, summary: out.summary.join('\n') };
}

async function report(req: ActionRequest, deps: IpGuardDeps): Promise<ActionOutcome> {
  const net = networkPolicy(req);
  const at = req.ruleSource(['network', 'egress']);
  const loc = at.location ? { policyPath: at.policyPath, location: at.location } : { policyPath: at.policyPath };
  if (!net.egress) {
    return { checks: [{ rule: 'network.egress-attempts', status: 'skip', message: 'the policy sets no network.egress: nothing was installed, nothing to report', ...loc }] };
  }
  const raw = req.platform.getState(STATE_KEY);
  if (raw === undefined) {
    return {
      checks: [{ rule: 'network.egress-attempts', status: 'fail', message: 'the ip-guard run step left no state: it did not run, or failed before installing egress rules, so nothing can be vouched for', seen: 'no state', required: 'state from the run step', ...loc }],
    };
  }
  const state = JSON.parse(raw) as SavedState;
  if (!state.installed || !state.tool) {
    return {
      checks: [{ rule: 'network.egress-attempts', status: 'skip', message: `NOT ENFORCED: the run step installed no egress rules (${state.reason ?? 'unknown reason'}), so there is nothing to count`, seen: 'not installed', ...loc }],
      notes: ['ip-guard egress allowlist was NOT ENFORCED in this job'],
      outputs: { 'egress-attempts': '0', 'egress-enforced': 'false' },
    };
  }
  const installed = { tool: state.tool, binaries: state.binaries ?? {}, privilege: state.privilege ?? [], ...(state.recent !== undefined ? { recent: state.recent } : {}) };
  const counters = await readEgressCounters(deps.runner, installed);
  const attempts = counters.attempts.map((a) => (state.names[a.address] ? { ...a, host: state.names[a.address]!.join('/') } : a));
  const doTeardown = (req.platform.input('teardown') ?? 'true') !== 'false';
  let teardown: { done: boolean; problems: string[] } | undefined;
  if (doTeardown) {
    const problems = await removeEgress(deps.runner, installed);
    teardown = { done: problems.length === 0, problems };
  }
  const checks = egressReportChecks({ mode: state.mode, tool: state.tool, present: counters.present, packets: counters.packets, attempts, ...(teardown ? { teardown } : {}) }, req.ruleSource);
  const verb = state.mode === 'block' ? 'blocked' : 'logged';
  const summary = [
    `#### Egress attempts outside the allowlist (${verb}, ${state.tool})`,
    '',
    attempts.length === 0 ? (counters.packets === 0 ? 'None.' : `${counters.packets} packet(s); the ${state.tool} setup here records no destinations.`) : ['| destination | packets |', '|---|---|', ...attempts.map((a) => `| ${describeAttempt({ ...a, packets: 0 }).replace(/ ×0$/, '')} | ${a.packets} |`)].join('\n'),
    '',
  ].join('\n');
  return {
    checks,
    notes: state.mode === 'audit' ? ['ip-guard egress allowlist ran in audit mode: NOT ENFORCED'] : [],
    outputs: { 'egress-attempts': String(counters.packets), 'egress-enforced': state.mode === 'block' ? 'true' : 'false' },
    details: { egressReport: { mode: state.mode, tool: state.tool, packets: counters.packets, attempts, teardown } },
    summary,
  };
}

export function createIpGuard(deps: IpGuardDeps): ActionModule {
  return {
    name: 'ip-guard',
    description: 'The runner must be inside approved IP ranges, and may talk only to approved hosts.',
    inputs: [
      { name: 'check', description: 'Which addresses must be inside network.allow when the policy does not say: egress (public address seen by echo endpoints), local (interface addresses) or both.', default: 'egress' },
      { name: 'echo-endpoints', description: `Space- or comma-separated HTTPS endpoints that answer with the caller's public IP as plain text (at least two; all must agree). network.echo-endpoints in the policy wins. Default: ${DEFAULT_ECHO_ENDPOINTS.join(' ')}.` },
      { name: 'echo-timeout', description: 'Time allowed per echo endpoint attempt (e.g. 5s, 1500ms); a timeout denies.', default: '5s' },
      { name: 'egress-resolvers', description: 'DNS servers (ip or ip:port, space separated) used to resolve egress hosts and the only DNS servers the job may reach; network.resolvers in the policy wins. Default: the runner\'s own.' },
      { name: 'egress-hosts', description: 'Concrete host:port pairs the job will use that match *. wildcard entries of network.egress (or host entries); they are resolved and allowed.' },
      { name: 'egress-tool', description: 'Firewall tool: auto (nft, else iptables+ip6tables), nft or iptables.', default: 'auto' },
      { name: 'teardown', description: 'report: remove the egress rules after reading their counters (true/false).', default: 'true' },
      { name: 'github-token', description: 'Token for the GitHub meta API when network.allow names github-meta:<key>.' },
    ],
    commands: {
      run: (req) => run(req, deps),
      report: (req) => report(req, deps),
    },
    post: 'report',
  };
}

const ipGuard: ActionModule = createIpGuard({ runner: commandRunner() });
export default ipGuard;
