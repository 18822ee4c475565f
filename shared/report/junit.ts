import type { Decision } from '../decision.js';
import { show, where } from './format.js';

const xml = (s: string) =>
  s.replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD]/g, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JUnit XML, one test case per rule evaluated: GitLab `reports: junit`, CircleCI `store_test_results`. */
export function toJUnit(d: Decision): string {
  const failures = d.checks.filter((c) => c.status === 'fail').length;
  const skipped = d.checks.filter((c) => c.status === 'skip').length;
  const cases = d.checks.map((c, i) => {
    const name = xml(`${c.rule}${c.subject ? ` ${c.subject.file}${c.subject.line ? `:${c.subject.line}` : ''}` : ''} #${i + 1}`);
    const open = `    <testcase classname="ci-constraints.${xml(d.action)}" name="${name}">`;
    if (c.status === 'fail') {
      const body = [`seen: ${show(c.seen)}`, `required: ${show(c.required)}`, `rule: ${where(c)}`].join('\n');
      return `${open}\n      <failure message="${xml(c.message)}" type="${xml(c.rule)}">${xml(body)}</failure>\n    </testcase>`;
    }
    if (c.status === 'skip') return `${open}\n      <skipped message="${xml(c.message)}"/>\n    </testcase>`;
    return `${open}</testcase>`;
  });
  const suite = `  <testsuite name="ci-constraints ${xml(d.action)} (${xml(d.environment)})" tests="${d.checks.length}" failures="${failures}" errors="0" skipped="${skipped}">`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suite}\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}
