import type { CheckResult, Decision } from '../decision.js';

export const NOT_ENFORCED = 'NOT ENFORCED (audit mode): this deny does not fail the pipeline';

/** A value as a short, single-line string for tables and logs. */
export function show(value: unknown, max = 200): string {
  if (value === undefined) return '';
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  const oneLine = s.replace(/[\r\n\t]+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

export function where(c: CheckResult): string {
  return c.location ? `${c.location.file}:${c.location.line}:${c.location.column}` : (c.policyPath ?? '');
}

export function headline(d: Decision): string {
  const verdict = d.decision === 'allow' ? 'ALLOW' : 'DENY';
  const count = d.violations.length;
  const audit = d.mode === 'audit' && d.decision === 'deny' ? ` — ${NOT_ENFORCED}` : '';
  return `${d.action}: ${verdict} (${count} violation${count === 1 ? '' : 's'}, environment ${d.environment || '-'})${audit}`;
}
