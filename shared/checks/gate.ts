import type { CheckResult } from '../decision.js';
import type { RuleSource } from '../policy/resolve.js';
import type { GatePolicy } from '../policy/sections/gate.js';
import { durationMs } from '../policy/sections/common.js';
import type { SarifFacts, Counts, Finding } from '../sarif/index.js';
import type { InputProblem } from '../sarif/files.js';
import { waiverState } from '../sarif/match.js';
import type { RequiredChecksFacts } from '../gate/required-checks.js';
import type { AnalysisTime } from '../gate/scan-age.js';

/**
 * The security gate's rules, pure: (constraints, facts, now) -> CheckResult[]. Facts come from the
 * SARIF reader and the platform API lookups in shared/sarif and shared/gate.
 *
 * Rule ids: gate.sarif.input, gate.sarif.invalid, gate.sarif.max, gate.sarif.finding, gate.waivers,
 * gate.required-checks, gate.max-scan-age, gate.none.
 */
export interface GateFacts {
  sarif?: SarifFacts & { inputProblems: InputProblem[]; inputGiven: boolean };
  requiredChecks?: RequiredChecksFacts;
  scanAge?: { newest?: AnalysisTime; error?: string; looked: string[] };
}

export interface GateCheckOptions {
  /** Most findings turned into their own check (and so an annotation). */
  maxAnnotations: number;
  /** Tolerated clock skew for analysis times in the future. */
  skewMs?: number;
}

export const THRESHOLD_KEYS = ['critical', 'high', 'medium', 'low', 'error', 'warning', 'note', 'total'] as const;
type ThresholdKey = (typeof THRESHOLD_KEYS)[number];
type Thresholds = Partial<Record<ThresholdKey, number>>;

const LABEL: Record<ThresholdKey, string> = {
  critical: 'critical-severity',
  high: 'high-severity',
  medium: 'medium-severity',
  low: 'low-severity',
  error: 'level error',
  warning: 'level warning',
  note: 'level note',
  total: 'counted',
};

function src(ruleSource: RuleSource, path: (string | number)[]): Pick<CheckResult, 'policyPath' | 'location'> {
  const s = ruleSource(path);
  return s.location ? { policyPath: s.policyPath, location: s.location } : { policyPath: s.policyPath };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function exceededKeys(max: Thresholds | undefined, counts: Counts | undefined): Set<ThresholdKey> {
  const out = new Set<ThresholdKey>();
  if (!max) return out;
  for (const k of THRESHOLD_KEYS) {
    const limit = max[k];
    if (limit !== undefined && (counts?.[k] ?? 0) > limit) out.add(k);
  }
  return out;
}

function findingHits(f: Finding, keys: Set<ThresholdKey>): boolean {
  return keys.has('total') || keys.has(f.level as ThresholdKey) || (f.band !== undefined && keys.has(f.band));
}

export function sarifChecks(gate: GatePolicy, facts: GateFacts, ruleSource: RuleSource, opts: GateCheckOptions): CheckResult[] {
  const out: CheckResult[] = [];
  const sarifPolicy = gate.sarif;
  const s = facts.sarif;
  const inputSrc = src(ruleSource, ['gate', 'sarif']);
  if (!s || !s.inputGiven) {
    if (sarifPolicy) {
      out.push({
        rule: 'gate.sarif.input',
        status: 'fail',
        message: 'the policy sets gate.sarif but no SARIF was given: pass the scan results with the `sarif` input (files, globs or directories)',
        seen: 'no sarif input',
        required: 'SARIF files',
        ...inputSrc,
      });
    }
    return out;
  }
  for (const p of s.inputProblems) {
    out.push({ rule: 'gate.sarif.input', status: 'fail', message: `sarif input "${p.entry}" ${p.message}`, seen: p.entry, required: 'existing SARIF files', ...inputSrc });
  }
  if (s.files.length === 0 && s.invalid.filter((i) => i.role === 'scan').length === 0 && s.inputProblems.length === 0) {
    out.push({ rule: 'gate.sarif.input', status: 'fail', message: 'the sarif input named no file', seen: [], required: 'SARIF files', ...inputSrc });
  }
  for (const inv of s.invalid) {
    const first = inv.problems[0] ?? { path: '$', message: 'invalid' };
    const more = inv.problems.length > 1 ? `; and ${plural(inv.problems.length - 1, 'more problem')}: ${inv.problems.slice(1, 4).map((p) => `${p.path}: ${p.message}`).join('; ')}` : '';
    out.push({
      rule: 'gate.sarif.invalid',
      status: 'fail',
      message: `${inv.role === 'baseline' ? 'baseline ' : ''}${inv.file} is not valid SARIF 2.1.0: ${first.path}: ${first.message}${more}`,
      seen: { file: inv.file, code: inv.code, problems: inv.problems },
      required: 'SARIF 2.1.0 (schema: sarif-schema-2.1.0.json)',
      subject: { file: inv.file },
      ...inputSrc,
    });
  }
  if (s.invalid.length === 0 && s.files.length > 0) {
    out.push({
      rule: 'gate.sarif.invalid',
      status: 'pass',
      message: `${plural(s.files.length, 'SARIF file')} valid (${plural(s.totals.runs, 'run')}, ${plural(s.totals.results, 'result')})`,
      seen: s.files.map((f) => f.file),
      required: 'SARIF 2.1.0',
      ...inputSrc,
    });
  }

  const exceeded = new Map<string, Set<ThresholdKey>>();
  const allExceeded = exceededKeys(sarifPolicy?.max, s.totals.counted);
  if (sarifPolicy?.max) {
    for (const k of THRESHOLD_KEYS) {
      const limit = sarifPolicy.max[k];
      if (limit === undefined) continue;
      const seen = s.totals.counted[k];
      out.push({
        rule: 'gate.sarif.max',
        status: seen > limit ? 'fail' : 'pass',
        message: `${plural(seen, `${LABEL[k]} finding`)} over all tools (at most ${limit} allowed)`,
        seen,
        required: `<= ${limit}`,
        ...src(ruleSource, ['gate', 'sarif', 'max', k]),
      });
    }
  } else if (!sarifPolicy) {
    out.push({ rule: 'gate.sarif.max', status: 'skip', message: `no gate.sarif thresholds in the policy; ${plural(s.totals.counted.total, 'finding')} counted and reported only`, seen: s.totals.counted.total, ...inputSrc });
  }
  for (const [tool, tp] of Object.entries(sarifPolicy?.tools ?? {})) {
    const t = s.tools.find((x) => x.tool === tool);
    if (!t) {
      out.push({
        rule: 'gate.sarif.max',
        status: 'fail',
        message: `the policy sets thresholds for tool "${tool}" but no SARIF run from it was given (tools seen: ${s.tools.map((x) => `"${x.tool}"`).join(', ') || 'none'})`,
        seen: s.tools.map((x) => x.tool),
        required: `a run from "${tool}"`,
        ...src(ruleSource, ['gate', 'sarif', 'tools', tool]),
      });
      continue;
    }
    exceeded.set(tool, exceededKeys(tp.max, t.counted));
    for (const k of THRESHOLD_KEYS) {
      const limit = tp.max?.[k];
      if (limit === undefined) continue;
      const seen = t.counted[k];
      out.push({
        rule: 'gate.sarif.max',
        status: seen > limit ? 'fail' : 'pass',
        message: `${plural(seen, `${LABEL[k]} finding`)} from ${tool} (at most ${limit} allowed)`,
        seen,
        required: `<= ${limit}`,
        ...src(ruleSource, ['gate', 'sarif', 'tools', tool, 'max', k]),
      });
    }
  }

  // The most severe counted findings, each its own check with file:line (annotations), then one
  // check summarising the rest past the annotation limit.
  const counted = s.findings.filter((f) => f.status === 'counted');
  const overLimit = (f: Finding) => findingHits(f, allExceeded) || findingHits(f, exceeded.get(f.tool) ?? new Set());
  const shown = counted.slice(0, Math.max(0, opts.maxAnnotations));
  for (const f of shown) {
    const where = f.path ? `${f.path}${f.line ? `:${f.line}` : ''}` : '(no location)';
    const sev = f.band ? `${f.band} (${f.securitySeverity})` : f.level;
    const r: CheckResult = {
      rule: 'gate.sarif.finding',
      status: overLimit(f) ? 'fail' : 'pass',
      message: `${f.tool} ${f.rule} [${sev}] at ${where}: ${f.message}${overLimit(f) ? '' : ' (within the thresholds)'}`,
      seen: { tool: f.tool, rule: f.rule, level: f.level, band: f.band ?? null, path: f.path ?? null, line: f.line ?? null },
      required: 'within gate.sarif thresholds',
      ...src(ruleSource, ['gate', 'sarif']),
    };
    if (f.path) r.subject = f.line ? { file: f.path, line: f.line } : { file: f.path };
    out.push(r);
  }
  const rest = s.totals.counted.total - shown.length;
  if (rest > 0 && shown.length > 0) {
    // Judge the rest by the kept samples when they are complete, else by whether any threshold failed.
    const complete = counted.length >= s.totals.counted.total;
    const failing = complete ? counted.slice(shown.length).some(overLimit) : allExceeded.size > 0 || [...exceeded.values()].some((x) => x.size > 0);
    out.push({
      rule: 'gate.sarif.finding',
      status: failing ? 'fail' : 'pass',
      message: `and ${plural(rest, 'more counted finding')} not annotated (annotation limit ${opts.maxAnnotations}); see the job summary and the JSON report`,
      seen: rest,
      required: 'within gate.sarif thresholds',
      ...src(ruleSource, ['gate', 'sarif']),
    });
  }
  return out;
}

export function waiverChecks(gate: GatePolicy, facts: GateFacts, now: Date, ruleSource: RuleSource): CheckResult[] {
  const use = facts.sarif?.waivers ?? [];
  return (gate.waivers ?? []).map((w, i) => {
    const { state, daysLeft } = waiverState(w.until, now);
    const u = use.find((x) => x.index === i);
    const scope = `${w.rule}${w.path ? ` in ${w.path}` : ''}`;
    const base = { rule: 'gate.waivers', seen: { until: w.until, state, daysLeft, matched: u?.matched ?? 0, expiredMatched: u?.expiredMatched ?? 0 }, required: 'until >= today', ...src(ruleSource, ['gate', 'waivers', i]) };
    if (state === 'expired') {
      return {
        ...base,
        status: 'skip' as const,
        message: `waiver for ${scope} expired on ${w.until} and no longer applies${u?.expiredMatched ? `: ${plural(u.expiredMatched, 'finding')} it covered count again` : ''} (reason was: ${w.reason}); renew it or fix the findings`,
      };
    }
    const used = u?.matched ? `waives ${plural(u.matched, 'finding')}` : 'matches no finding';
    if (state === 'expiring') {
      return { ...base, status: 'pass' as const, message: `waiver for ${scope} ${used} and EXPIRES in ${plural(daysLeft, 'day')} (until ${w.until}; ${w.reason})` };
    }
    return { ...base, status: 'pass' as const, message: `waiver for ${scope} ${used} until ${w.until} (${w.reason})` };
  });
}

export function requiredCheckChecks(gate: GatePolicy, facts: GateFacts, ruleSource: RuleSource): CheckResult[] {
  const names = gate['required-checks'] ?? [];
  const rc = facts.requiredChecks;
  return names.map((name, i) => {
    const where = src(ruleSource, ['gate', 'required-checks', i]);
    if (!rc || rc.error !== undefined) {
      return { rule: 'gate.required-checks', status: 'fail' as const, message: `required check "${name}" could not be verified: ${rc?.error ?? 'no lookup was made'}`, seen: 'unknown', required: 'success', ...where };
    }
    const c = rc.checks.find((x) => x.name === name);
    const state = c?.state ?? 'missing';
    const waited = rc.waitedMs > 0 ? ` after waiting ${Math.round(rc.waitedMs / 1000)}s` : '';
    const msg: Record<typeof state, string> = {
      success: `required check "${name}" succeeded on ${rc.sha.slice(0, 12)} (${c?.detail ?? ''})`,
      failure: `required check "${name}" did not succeed on ${rc.sha.slice(0, 12)}: ${c?.detail ?? ''}`,
      pending: `required check "${name}" is still pending on ${rc.sha.slice(0, 12)}${waited}: ${c?.detail ?? ''}; raise wait-for-checks or order the jobs`,
      missing: `required check "${name}" was not reported on ${rc.sha.slice(0, 12)} (${rc.source}); check the name or that it runs for this commit`,
    };
    return { rule: 'gate.required-checks', status: state === 'success' ? ('pass' as const) : ('fail' as const), message: msg[state], seen: c ? { state, detail: c.detail } : { state }, required: 'success', ...where };
  });
}

export function scanAgeCheck(gate: GatePolicy, facts: GateFacts, now: Date, ruleSource: RuleSource, skewMs = 5 * 60_000): CheckResult[] {
  const limit = gate['max-scan-age'];
  if (limit === undefined) return [];
  const where = src(ruleSource, ['gate', 'max-scan-age']);
  const sa = facts.scanAge;
  if (sa?.error !== undefined) return [{ rule: 'gate.max-scan-age', status: 'fail', message: `the newest analysis could not be looked up: ${sa.error}`, seen: 'unknown', required: `younger than ${limit}`, ...where }];
  if (!sa?.newest) {
    return [{
      rule: 'gate.max-scan-age',
      status: 'fail',
      message: `no analysis time found (looked in: ${sa?.looked.join(', ') || 'nothing'}); SARIF needs runs[].invocations[].endTimeUtc, or give github-token for code-scanning analyses`,
      seen: 'none',
      required: `younger than ${limit}`,
      ...where,
    }];
  }
  const age = now.getTime() - Date.parse(sa.newest.time);
  const max = durationMs(limit);
  if (age < -skewMs) {
    return [{ rule: 'gate.max-scan-age', status: 'fail', message: `the newest analysis (${sa.newest.time}, ${sa.newest.source}) is in the future; clock skew or a forged timestamp`, seen: sa.newest.time, required: `younger than ${limit}`, ...where }];
  }
  const ageText = humanDuration(Math.max(0, age));
  return [{
    rule: 'gate.max-scan-age',
    status: age <= max ? 'pass' : 'fail',
    message: `the newest analysis is ${ageText} old (${sa.newest.time}, ${sa.newest.source}); at most ${limit} allowed`,
    seen: { time: sa.newest.time, ageMs: age, source: sa.newest.source },
    required: `younger than ${limit}`,
    ...where,
  }];
}

export function humanDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.round(m / 60);
  if (h < 72) return `${h}h`;
  return `${Math.round(h / 24)}d`;
}

/** Every gate rule for one environment. */
export function gateChecks(gate: GatePolicy | undefined, facts: GateFacts, now: Date, ruleSource: RuleSource, opts: GateCheckOptions): CheckResult[] {
  const g = gate ?? {};
  const out = [...sarifChecks(g, facts, ruleSource, opts), ...waiverChecks(g, facts, now, ruleSource), ...requiredCheckChecks(g, facts, ruleSource), ...scanAgeCheck(g, facts, now, ruleSource, opts.skewMs)];
  if (out.length === 0) {
    out.push({ rule: 'gate.none', status: 'fail', message: 'the environment sets no gate constraints and no SARIF was given: nothing was judged, so nothing passes', ...src(ruleSource, ['gate']) });
  }
  return out;
}
