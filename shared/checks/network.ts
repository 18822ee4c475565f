import type { CheckResult } from '../decision.js';
import type { RuleSource } from '../policy/resolve.js';
import type { AllowList } from '../network/allowlist.js';
import type { EchoAnswer } from '../network/echo.js';
import type { InterfaceAddress } from '../network/interfaces.js';
import type { Resolution } from '../network/dns.js';
import type { EgressAttempt } from '../network/firewall/system.js';
import type { EgressMode, FirewallTool } from '../network/firewall/rules.js';

/**
 * Pure network rules: (facts gathered by ip-guard, the policy's source locations) → CheckResults.
 * No I/O, no clock. Every "could not find out" is a fail: location and egress checks fail closed.
 */
export type LocationCheck = 'egress' | 'local' | 'both';

function at(src: RuleSource, path: (string | number)[]): Pick<CheckResult, 'policyPath' | 'location'> {
  const s = src(path);
  return s.location ? { policyPath: s.policyPath, location: s.location } : { policyPath: s.policyPath };
}

/** `network.github-meta`: GitHub's published ranges were fetched (only when the policy names them). */
export function githubMetaCheck(keys: readonly string[], problem: string | undefined, count: number, src: RuleSource): CheckResult[] {
  if (keys.length === 0) return [];
  const required = keys.map((k) => `github-meta:${k}`);
  if (problem !== undefined) {
    return [{ rule: 'network.github-meta', status: 'fail', message: `could not read GitHub's published ranges (${required.join(', ')}): ${problem}`, seen: problem, required, ...at(src, ['network', 'allow']) }];
  }
  return [{ rule: 'network.github-meta', status: 'pass', message: `read ${count} published range(s) for ${required.join(', ')}`, seen: count, required, ...at(src, ['network', 'allow']) }];
}

/** `network.egress-lookup` (each endpoint answered one public IP) and `network.egress-ip-disagree` (they all agree). */
export function egressLookupChecks(answers: readonly EchoAnswer[], src: RuleSource): { checks: CheckResult[]; address?: string } {
  const where = at(src, ['network', 'echo-endpoints']);
  const checks: CheckResult[] = answers.map((a) =>
    a.ok
      ? { rule: 'network.egress-lookup', status: 'pass', message: `echo endpoint ${a.endpoint} sees the runner as ${a.address}`, seen: a.address, required: 'one public IP address', ...where }
      : { rule: 'network.egress-lookup', status: 'fail', message: `echo endpoint ${a.endpoint} ${a.problem}`, seen: a.address ?? a.problem, required: 'one public IP address as plain text', ...where },
  );
  const good = answers.filter((a): a is Extract<EchoAnswer, { ok: true }> => a.ok);
  const distinct = [...new Set(good.map((a) => a.address))];
  if (good.length < 2) {
    checks.push({
      rule: 'network.egress-ip-disagree',
      status: 'fail',
      message: `only ${good.length} of ${answers.length} echo endpoint(s) gave a usable answer; at least two must agree on the egress address`,
      seen: good.map((a) => `${a.endpoint}=${a.address}`),
      required: 'at least 2 agreeing answers',
      ...where,
    });
    return { checks };
  }
  if (distinct.length > 1) {
    checks.push({
      rule: 'network.egress-ip-disagree',
      status: 'fail',
      message: `echo endpoints disagree on the egress address (${good.map((a) => `${a.endpoint} → ${a.address}`).join(', ')}): traffic may leave through different paths, or an answer is forged`,
      seen: good.map((a) => `${a.endpoint}=${a.address}`),
      required: 'one address from every endpoint',
      ...where,
    });
    return { checks };
  }
  checks.push({ rule: 'network.egress-ip-disagree', status: 'pass', message: `${good.length} echo endpoints agree: egress address ${distinct[0]}`, seen: distinct[0], required: 'one address from every endpoint', ...where });
  return { checks, address: distinct[0]! };
}

export interface LocationFacts {
  check: LocationCheck;
  /** The agreed egress address, or undefined when the lookup failed (or was not asked for). */
  egressAddress?: string;
  local?: readonly InterfaceAddress[];
}

/** `network.allow`: every address the `check` mode names lies inside an approved range. */
export function locationChecks(facts: LocationFacts, allow: AllowList, src: RuleSource): CheckResult[] {
  const where = at(src, ['network', 'allow']);
  const required = summarizeRanges(allow);
  const out: CheckResult[] = [];
  const judge = (label: string, address: string) => {
    const hit = allow.match(address);
    out.push(
      hit
        ? { rule: 'network.allow', status: 'pass', message: `${label} ${address} is inside ${hit.text} (${hit.source})`, seen: address, required: hit.text, ...where }
        : { rule: 'network.allow', status: 'fail', message: `${label} ${address} is outside every approved range (${required})`, seen: address, required, ...where },
    );
  };
  if (facts.check === 'egress' || facts.check === 'both') {
    if (facts.egressAddress === undefined) {
      out.push({ rule: 'network.allow', status: 'fail', message: 'the egress address is unknown (see network.egress-lookup), so the runner location cannot be verified', seen: 'unknown', required, ...where });
    } else judge('egress address', facts.egressAddress);
  }
  if (facts.check === 'local' || facts.check === 'both') {
    const local = facts.local ?? [];
    if (local.length === 0) {
      out.push({ rule: 'network.allow', status: 'fail', message: 'the runner has no interface address besides loopback and link-local, so its location cannot be verified', seen: [], required, ...where });
    }
    for (const a of local) judge(`interface ${a.interface} address`, a.address);
  }
  return out;
}

function summarizeRanges(allow: AllowList): string {
  return allow.describe(5);
}

/** `network.egress-hosts`: hosts the job declares it will use are allowed by the policy. */
export function declaredHostChecks(declared: readonly { host: string; port: number; entry?: string }[], src: RuleSource): CheckResult[] {
  const where = at(src, ['network', 'egress']);
  return declared.map((d) =>
    d.entry !== undefined
      ? { rule: 'network.egress-hosts', status: 'pass', message: `${d.host}:${d.port} is allowed by egress entry ${d.entry}`, seen: `${d.host}:${d.port}`, required: d.entry, ...where }
      : { rule: 'network.egress-hosts', status: 'fail', message: `${d.host}:${d.port} (input egress-hosts) is not allowed by network.egress`, seen: `${d.host}:${d.port}`, required: 'an exact host:port or *. entry in network.egress', ...where },
  );
}

/** `network.egress-resolve`: every host to allow resolved to at least one address. */
export function resolutionChecks(resolutions: readonly (Resolution & { entryIndex?: number })[], src: RuleSource): CheckResult[] {
  return resolutions.map((r) => {
    const where = at(src, r.entryIndex === undefined ? ['network', 'egress'] : ['network', 'egress', r.entryIndex]);
    return r.addresses.length > 0
      ? { rule: 'network.egress-resolve', status: 'pass', message: `${r.host} resolves to ${r.addresses.join(', ')}`, seen: r.addresses, required: 'at least one A or AAAA record', ...where }
      : { rule: 'network.egress-resolve', status: 'fail', message: `${r.host} ${r.problem ?? 'did not resolve'}; it cannot be allowed by address (check the name and the resolvers)`, seen: r.problem ?? 'no addresses', required: 'at least one A or AAAA record', ...where };
  });
}

export interface EnforcementFacts {
  enforcement: 'strict' | 'best-effort';
  mode: EgressMode;
  /** Set when the rules are in place. */
  installed?: { tool: FirewallTool; destinations: number };
  /** Why the rules are not in place. */
  problem?: string;
  /** Wildcard entries that no declared host made concrete: nothing at the IP level lets them through. */
  unenforceableWildcards?: readonly string[];
}

/** `network.egress-enforcement`: the allowlist is enforced, or the policy accepts best effort (NOT ENFORCED). */
export function enforcementCheck(f: EnforcementFacts, src: RuleSource): CheckResult[] {
  const where = at(src, ['network', f.enforcement === 'best-effort' ? 'egress-enforcement' : 'egress']);
  const required = f.enforcement === 'strict' ? 'egress rules installed (egress-enforcement: strict)' : 'egress rules installed, or best effort';
  const out: CheckResult[] = [];
  if (f.installed) {
    const what = f.mode === 'block' ? 'blocking' : 'auditing (logging, not blocking)';
    out.push({ rule: 'network.egress-enforcement', status: 'pass', message: `egress allowlist installed with ${f.installed.tool}, ${what} everything but ${f.installed.destinations} allowed destination rule(s)`, seen: `${f.installed.tool}/${f.mode}`, required, ...where });
  } else if (f.enforcement === 'best-effort') {
    out.push({ rule: 'network.egress-enforcement', status: 'skip', message: `NOT ENFORCED: egress rules are not installed (${f.problem ?? 'unknown reason'}); the policy accepts best-effort`, seen: f.problem ?? 'not installed', required, ...where });
  } else {
    out.push({ rule: 'network.egress-enforcement', status: 'fail', message: `NOT ENFORCED: egress rules cannot be installed (${f.problem ?? 'unknown reason'})`, seen: f.problem ?? 'not installed', required, ...where });
  }
  if (f.unenforceableWildcards && f.unenforceableWildcards.length > 0) {
    out.push({
      rule: 'network.egress-wildcards',
      status: 'skip',
      message: `wildcard entries ${f.unenforceableWildcards.join(', ')} cannot be resolved to addresses, so the firewall blocks them; name the concrete hosts in the egress-hosts input to allow them`,
      seen: [...f.unenforceableWildcards],
      required: 'concrete host:port pairs',
      ...at(src, ['network', 'egress']),
    });
  }
  return out;
}

export interface EgressReportFacts {
  mode: EgressMode;
  tool: FirewallTool;
  present: boolean;
  packets: number;
  attempts: readonly (EgressAttempt & { host?: string })[];
  teardown?: { done: boolean; problems: string[] };
}

/** `network.egress-attempts` (nothing tried to leave the allowlist) and `network.egress-teardown`. */
export function egressReportChecks(f: EgressReportFacts, src: RuleSource): CheckResult[] {
  const where = at(src, ['network', 'egress']);
  const out: CheckResult[] = [];
  const verb = f.mode === 'block' ? 'blocked' : 'logged (audit: let through)';
  if (!f.present) {
    out.push({ rule: 'network.egress-attempts', status: 'fail', message: `the ${f.tool} egress rules are gone: something removed them during the job, so nothing can be vouched for`, seen: 'rules missing', required: 'rules present until the report', ...where });
  } else if (f.packets === 0 && f.attempts.length === 0) {
    out.push({ rule: 'network.egress-attempts', status: 'pass', message: `no connection attempt outside the egress allowlist`, seen: 0, required: 0, ...where });
  } else {
    const list = f.attempts.map(describeAttempt);
    out.push({
      rule: 'network.egress-attempts',
      status: 'fail',
      message: `${f.packets} packet(s) to destinations outside the egress allowlist were ${verb}${list.length ? `: ${list.join(', ')}` : ''}`,
      seen: list.length ? list : f.packets,
      required: 'no traffic outside network.egress',
      ...where,
    });
  }
  if (f.teardown) {
    out.push(
      f.teardown.done && f.teardown.problems.length === 0
        ? { rule: 'network.egress-teardown', status: 'pass', message: `removed the ${f.tool} egress rules (nothing else was touched)`, seen: 'removed', required: 'removed', ...where }
        : { rule: 'network.egress-teardown', status: 'fail', message: `could not remove the egress rules: ${f.teardown.problems.join('; ')}`, seen: f.teardown.problems, required: 'removed', ...where },
    );
  }
  return out;
}

export function describeAttempt(a: EgressAttempt & { host?: string }): string {
  const addr = a.address.includes(':') && a.port !== undefined ? `[${a.address}]` : a.address;
  return `${addr}${a.port !== undefined ? `:${a.port}` : ''}${a.host ? ` (${a.host})` : ''} ×${a.packets}`;
}
