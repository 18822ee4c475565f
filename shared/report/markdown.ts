import type { Decision } from '../decision.js';
import { headline, NOT_ENFORCED, show, where } from './format.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');

/** The job summary: verdict, then every rule evaluated with what was seen and required. */
export function toMarkdown(d: Decision, extra?: string): string {
  const icon = d.decision === 'allow' ? '✅' : d.mode === 'audit' ? '⚠️' : '❌';
  const lines = [`### ${icon} ${cell(headline(d))}`, ''];
  if (d.mode === 'audit' && d.decision === 'deny') lines.push(`> **${NOT_ENFORCED}**`, '');
  lines.push('| | rule | result | seen | required | policy |', '|---|---|---|---|---|---|');
  for (const c of d.checks) {
    const mark = c.status === 'pass' ? '✅' : c.status === 'fail' ? '❌' : '➖';
    lines.push(`| ${mark} | \`${c.rule}\` | ${cell(c.message)} | ${cell(show(c.seen, 80))} | ${cell(show(c.required, 80))} | ${cell(where(c))} |`);
  }
  lines.push('', `Policy: \`${d.policy.source}\` (sha256 \`${d.policy.sha256}\`)`);
  for (const n of d.notes) lines.push('', `> ${cell(n)}`);
  if (extra) lines.push('', extra);
  return `${lines.join('\n')}\n`;
}
