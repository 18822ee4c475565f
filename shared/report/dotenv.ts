import type { Decision } from '../decision.js';

/** GitLab `reports: dotenv`: the decision for later jobs. Never secrets: only counts and ids. */
export function toDotenv(d: Decision, outputs: Readonly<Record<string, string>>): string {
  const prefix = `CI_CONSTRAINTS_${d.action.replace(/-/g, '_').toUpperCase()}`;
  const entries: [string, string][] = [
    [`${prefix}_DECISION`, d.decision],
    [`${prefix}_VIOLATIONS`, String(d.violations.length)],
    [`${prefix}_ENFORCED`, String(d.mode === 'enforce')],
  ];
  for (const [k, v] of Object.entries(outputs)) {
    // dotenv values are single-line; multi-line outputs stay in the JSON report.
    if (!/[\r\n]/.test(v)) entries.push([`${prefix}_${k.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`, v]);
  }
  return entries.map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
}
