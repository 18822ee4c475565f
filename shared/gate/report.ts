import type { PipelineContext } from '../context/types.js';
import type { GatePolicy } from '../policy/sections/gate.js';
import type { Finding, SarifFacts } from '../sarif/index.js';
import { waiverState } from '../sarif/match.js';
import { humanDuration, type GateFacts } from '../checks/gate.js';

/** GitLab Code Quality issue (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format). */
export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number } };
}

export const CODEQUALITY_MAX = 5000;

export function codeQualitySeverity(f: Pick<Finding, 'band' | 'level'>): CodeQualityIssue['severity'] {
  switch (f.band) {
    case 'critical':
      return 'blocker';
    case 'high':
      return 'critical';
    case 'medium':
      return 'major';
    case 'low':
      return 'minor';
  }
  return f.level === 'error' ? 'major' : f.level === 'warning' ? 'minor' : 'info';
}

/** Counted and pre-existing findings (not waived, suppressed or excluded) as Code Quality issues. */
export function codeQuality(facts: SarifFacts): CodeQualityIssue[] {
  return facts.findings
    .filter((f) => f.status === 'counted' || f.status === 'existing')
    .slice(0, CODEQUALITY_MAX)
    .map((f) => ({
      description: `${f.tool}: ${f.rule}: ${f.message}`.slice(0, 1000),
      check_name: f.rule,
      fingerprint: f.fingerprint,
      severity: codeQualitySeverity(f),
      location: { path: f.path ?? f.sarifFile, lines: { begin: f.line ?? 1 } },
    }));
}

const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

export function findingLink(ctx: PipelineContext, f: Pick<Finding, 'path' | 'line'>): string | undefined {
  if (!f.path || !ctx.serverUrl || f.path.startsWith('/') || f.path.includes('://')) return undefined;
  const path = f.path.split('/').map(encodeURIComponent).join('/');
  const anchor = f.line ? `#L${f.line}` : '';
  const server = ctx.serverUrl.replace(/\/+$/, '');
  if (ctx.platform === 'github') return `${server}/${ctx.repository}/blob/${ctx.sha}/${path}${anchor}`;
  if (ctx.platform === 'gitlab') return `${server}/${ctx.repository}/-/blob/${ctx.sha}/${path}${anchor}`;
  return undefined;
}

/** The markdown section under the job summary's checks table. */
export function gateSummary(ctx: PipelineContext, gate: GatePolicy, facts: GateFacts, now: Date, top = 20): string {
  const lines: string[] = [];
  const s = facts.sarif;
  if (s) {
    lines.push('### Security gate: SARIF findings', '');
    if (s.invalid.length > 0) {
      lines.push(`**${s.invalid.length} invalid SARIF file(s)** (deny; counts below leave them out):`, '');
      for (const i of s.invalid) lines.push(`- ${code(i.file)}: ${cell(i.problems.map((p) => `${p.path}: ${p.message}`).slice(0, 3).join('; '))}`);
      lines.push('');
    }
    lines.push('| tool | runs | results | error | warning | note | critical | high | medium | low | counted | waived | suppressed | excluded | pre-existing |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const t of [...s.tools, ...(s.tools.length > 1 ? [s.totals] : [])]) {
      const c = t.counted;
      const name = t === s.totals ? '**all tools**' : cell(t.tool);
      lines.push(`| ${name} | ${t.runs} | ${t.results} | ${c.error} | ${c.warning} | ${c.note} | ${c.critical} | ${c.high} | ${c.medium} | ${c.low} | **${c.total}** | ${t.waived} | ${t.suppressed} | ${t.excluded} | ${t.existing} |`);
    }
    if (s.tools.length === 0) lines.push('| (no runs) | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | **0** | 0 | 0 | 0 | 0 |');
    const max = gate.sarif?.max;
    if (max) lines.push('', `Thresholds (all tools): ${Object.entries(max).map(([k, v]) => `${k} ≤ ${v}`).join(', ')}`);
    for (const [tool, tp] of Object.entries(gate.sarif?.tools ?? {})) if (tp.max) lines.push(`Thresholds (${cell(tool)}): ${Object.entries(tp.max).map(([k, v]) => `${k} ≤ ${v}`).join(', ')}`);

    const counted = s.findings.filter((f) => f.status === 'counted');
    if (counted.length > 0) {
      lines.push('', `#### Top findings (${Math.min(top, counted.length)} of ${s.totals.counted.total} counted)`, '');
      lines.push('| severity | tool | rule | location | message |', '|---|---|---|---|---|');
      for (const f of counted.slice(0, top)) {
        const where = f.path ? `${f.path}${f.line ? `:${f.line}` : ''}` : '(no location)';
        const link = findingLink(ctx, f);
        const loc = link ? `[${cell(where)}](${link})` : code(where);
        const sev = f.band ? `${f.band} (${f.securitySeverity})` : f.level;
        lines.push(`| ${sev} | ${cell(f.tool)} | ${code(f.rule)} | ${loc} | ${cell(f.message.slice(0, 160))} |`);
      }
    }
    const b = s.baseline;
    if (b.used || b.unchanged > 0 || b.fixed > 0) {
      lines.push('', `**Baseline**${b.used ? ` (${b.files.map(code).join(', ')}, ${b.findings} findings)` : ' (SARIF baselineState)'}: ${b.new} new · ${b.unchanged} unchanged · ${b.fixed} fixed`);
    }
  }
  const waivers = gate.waivers ?? [];
  if (waivers.length > 0) {
    lines.push('', '#### Waivers', '', '| rule | path | until | state | findings waived | reason |', '|---|---|---|---|---:|---|');
    waivers.forEach((w, i) => {
      const { state, daysLeft } = waiverState(w.until, now);
      const use = s?.waivers.find((u) => u.index === i);
      const st = state === 'expired' ? `**expired** (${use?.expiredMatched ?? 0} findings count again)` : state === 'expiring' ? `**expires in ${daysLeft}d**` : 'active';
      lines.push(`| ${code(w.rule)} | ${w.path ? code(w.path) : 'any'} | ${w.until} | ${st} | ${use?.matched ?? 0} | ${cell(w.reason)} |`);
    });
  }
  const rc = facts.requiredChecks;
  if (rc) {
    lines.push('', `#### Required checks (${cell(rc.source)})`, '');
    if (rc.error) lines.push(`Lookup failed: ${cell(rc.error)}`);
    else {
      lines.push('| check | state | seen |', '|---|---|---|');
      for (const c of rc.checks) lines.push(`| ${cell(c.name)} | ${c.state === 'success' ? 'success' : `**${c.state}**`} | ${cell(c.detail)} |`);
      if (rc.waitedMs > 0) lines.push('', `Waited ${humanDuration(rc.waitedMs)} for pending checks.`);
    }
  }
  const sa = facts.scanAge;
  if (sa && gate['max-scan-age']) {
    const age = sa.newest ? `${humanDuration(Math.max(0, now.getTime() - Date.parse(sa.newest.time)))} old (${sa.newest.time}, ${cell(sa.newest.source)})` : sa.error ? `lookup failed: ${cell(sa.error)}` : 'no analysis time found';
    lines.push('', `**Newest analysis**: ${age}; limit ${gate['max-scan-age']}`);
  }
  return lines.join('\n');
}
