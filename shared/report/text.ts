import type { Decision } from '../decision.js';
import { headline, NOT_ENFORCED, show, where } from './format.js';

const COLORS = { red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

/** Readable text for people: the verdict, each violation with its reason and rule location. */
export function toText(d: Decision, options: { color: boolean; verbose?: boolean }): string {
  const c = (name: keyof typeof COLORS, s: string) => (options.color ? `${COLORS[name]}${s}${COLORS.reset}` : s);
  const out: string[] = [];
  out.push(c('bold', c(d.decision === 'allow' ? 'green' : 'red', headline(d))));
  out.push(c('dim', `policy ${d.policy.source} sha256:${d.policy.sha256.slice(0, 12)}…  mode ${d.mode}`));
  for (const v of d.violations) {
    out.push(`  ${c('red', '✗')} ${c('bold', v.rule)}: ${v.message}`);
    if (v.seen !== undefined) out.push(`      seen:     ${show(v.seen)}`);
    if (v.required !== undefined) out.push(`      required: ${show(v.required)}`);
    if (v.subject) out.push(`      at:       ${v.subject.file}${v.subject.line ? `:${v.subject.line}` : ''}`);
    if (where(v)) out.push(c('dim', `      rule:     ${where(v)}`));
  }
  if (options.verbose) {
    for (const p of d.checks.filter((x) => x.status !== 'fail')) out.push(`  ${p.status === 'pass' ? c('green', '✓') : c('yellow', '-')} ${p.rule}: ${p.message}`);
  }
  for (const n of d.notes) out.push(`  ${c('yellow', 'note:')} ${n}`);
  if (d.mode === 'audit' && d.decision === 'deny') out.push(c('yellow', `  ${NOT_ENFORCED}`));
  return `${out.join('\n')}\n`;
}
