import type { Decision } from '../../shared/decision.js';
import { decide } from '../../shared/decision.js';
import { toDotenv } from '../../shared/report/dotenv.js';
import { toJUnit } from '../../shared/report/junit.js';
import { toMarkdown } from '../../shared/report/markdown.js';
import { toText } from '../../shared/report/text.js';
import { emitNative, ANNOTATION_LIMIT } from '../../shared/report/native.js';
import { createPlatform, type Annotation } from '../../shared/platform/index.js';

function decision(over: Partial<Decision> = {}): Decision {
  const checks: Decision['checks'] = [
    { rule: 'trigger.refs', status: 'fail', message: 'ref refs/tags/main <matches> none & "more"', seen: 'refs/tags/main', required: ['refs/heads/main'], location: { file: 'p.yml', line: 3, column: 7 } },
    { rule: 'trigger.events', status: 'pass', message: 'event push is allowed' },
    { rule: 'trigger.freeze', status: 'skip', message: 'no window' },
  ];
  return {
    action: 'verify-trigger',
    decision: 'deny',
    environment: 'production',
    mode: 'enforce',
    policy: { source: 'file:p.yml', sha256: 'a'.repeat(64) },
    violations: checks.filter((c) => c.status === 'fail') as Decision['violations'],
    checks,
    notes: [],
    ...over,
  };
}

describe('decisions', () => {
  it.each([
    [[], 'deny'],
    [[{ rule: 'a', status: 'pass', message: '' }], 'allow'],
    [[{ rule: 'a', status: 'skip', message: '' }], 'allow'],
    [[{ rule: 'a', status: 'pass', message: '' }, { rule: 'b', status: 'fail', message: '' }], 'deny'],
  ] as const)('%j decides %s (no checks at all is a deny)', (checks, expected) => {
    expect(decide([...checks])).toBe(expected);
  });
});

describe('report formats', () => {
  it('JUnit: one case per rule, failures and skips counted, XML escaped', () => {
    const xml = toJUnit(decision());
    expect(xml).toMatch(/<testsuite name="ci-constraints verify-trigger \(production\)" tests="3" failures="1" errors="0" skipped="1">/);
    expect(xml).toContain('message="ref refs/tags/main &lt;matches&gt; none &amp; &quot;more&quot;"');
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml).not.toMatch(/<matches>/);
  });

  it('dotenv: the decision and single-line outputs, never multi-line values', () => {
    const text = toDotenv(decision(), { digest: 'sha256:abc', multi: 'a\nb' });
    expect(text).toBe('CI_CONSTRAINTS_VERIFY_TRIGGER_DECISION=deny\nCI_CONSTRAINTS_VERIFY_TRIGGER_VIOLATIONS=1\nCI_CONSTRAINTS_VERIFY_TRIGGER_ENFORCED=true\nCI_CONSTRAINTS_VERIFY_TRIGGER_DIGEST=sha256:abc\n');
  });

  it('markdown: a row per rule with seen, required and the rule location; audit says NOT ENFORCED', () => {
    const md = toMarkdown(decision({ mode: 'audit' }));
    expect(md).toContain('| ❌ | `trigger.refs` |');
    expect(md).toContain('p.yml:3:7');
    expect(md).toContain('NOT ENFORCED');
  });

  it('text: verdict, reasons and rule location; colour only when asked', () => {
    const plain = toText(decision(), { color: false });
    expect(plain).toContain('verify-trigger: DENY (1 violation, environment production)');
    expect(plain).toContain('rule:     p.yml:3:7');
    expect(plain).not.toContain('\x1b[');
    expect(toText(decision(), { color: true })).toContain('\x1b[31m');
  });
});

describe('native reports', () => {
  it(`annotates at most ${ANNOTATION_LIMIT} violations on GitHub and summarises the rest`, () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ rule: `r${i}`, status: 'fail' as const, message: `m${i}`, subject: { file: 'a.ts', line: i + 1 } }));
    const annotations: Annotation[] = [];
    const p = createPlatform('github', {}, { write: () => {} });
    p.annotate = (a) => void annotations.push(a);
    emitNative(p, decision({ checks: many, violations: many }), undefined, undefined);
    expect(annotations).toHaveLength(ANNOTATION_LIMIT + 1);
    expect(annotations[0]).toMatchObject({ level: 'error', file: 'a.ts', line: 1 });
    expect(annotations[ANNOTATION_LIMIT]!.message).toMatch(/^15 more violation/);
  });

  it('audit mode annotates as warnings marked NOT ENFORCED', () => {
    const annotations: Annotation[] = [];
    const p = createPlatform('github', {}, { write: () => {} });
    p.annotate = (a) => void annotations.push(a);
    emitNative(p, decision({ mode: 'audit' }), undefined, undefined);
    expect(annotations[0]).toMatchObject({ level: 'warning', title: expect.stringContaining('NOT ENFORCED') });
  });
});
