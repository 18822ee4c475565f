import { ALIAS_REFINEMENTS, EVENT_ALIASES, NATIVE_EVENTS, describeAllowedEvent, eventMatches, isEventAlias } from '../../shared/context/events.js';
import type { PipelineContext, PlatformName } from '../../shared/context/types.js';
import { refTypeOf } from '../../shared/context/refs.js';

function ctx(platform: PlatformName, event: string, ref = 'refs/heads/main', extra: Partial<PipelineContext> = {}): PipelineContext {
  return { platform, event, ref, refType: refTypeOf(ref), sha: 'a'.repeat(40), repository: 'acme/api', runner: { kind: 'unknown' }, identitySource: 'env', time: '2026-01-01T00:00:00.000Z', ...extra };
}

const PLATFORMS: PlatformName[] = ['github', 'gitlab', 'circleci', 'local'];

describe('EVENT_ALIASES table invariants', () => {
  it('every native name in the table is a known native event of its platform', () => {
    for (const [alias, row] of Object.entries(EVENT_ALIASES)) {
      for (const p of PLATFORMS) for (const e of row[p]) expect([alias, p, NATIVE_EVENTS[p].includes(e)]).toEqual([alias, p, true]);
    }
  });

  it('an alias that is also a native name of a platform means exactly that native event there, unrefined', () => {
    for (const [alias, row] of Object.entries(EVENT_ALIASES)) {
      for (const p of PLATFORMS) {
        if (!NATIVE_EVENTS[p].includes(alias)) continue;
        expect([alias, p, row[p]]).toEqual([alias, p, [alias]]);
        expect(ALIAS_REFINEMENTS[alias as keyof typeof ALIAS_REFINEMENTS]?.[p]).toBeUndefined();
      }
    }
  });

  it('pull_request_target is never folded into a portable alias', () => {
    for (const row of Object.values(EVENT_ALIASES)) expect(row.github).not.toContain('pull_request_target');
  });

  it('the table cannot be changed at run time', () => {
    expect(Object.isFrozen(EVENT_ALIASES)).toBe(true);
    expect(Object.isFrozen(EVENT_ALIASES.push)).toBe(true);
    expect(Object.isFrozen(EVENT_ALIASES.push.github)).toBe(true);
  });
});

type MatchCase = [string, PipelineContext, boolean];
const label = ([allowed, c, expected]: MatchCase): [string, string, PipelineContext, boolean] => [
  allowed,
  `${c.platform}:${c.event} on ${c.ref}${c.pullRequestNumber ? ` (PR ${c.pullRequestNumber})` : ''}`,
  c,
  expected,
];

describe('eventMatches', () => {
  it.each(([
    // native names: exact, case-sensitive
    ['push', ctx('github', 'push'), true],
    ['Push', ctx('github', 'push'), false],
    ['push ', ctx('github', 'push'), false],
    ['pull_request', ctx('github', 'pull_request_target'), false],
    ['pull_request_target', ctx('github', 'pull_request_target'), true],
    ['merge_request_event', ctx('gitlab', 'merge_request_event', 'refs/merge-requests/1/head'), true],
    ['webhook', ctx('circleci', 'webhook'), true],
    // aliases
    ['pull-request', ctx('github', 'pull_request', 'refs/pull/1/merge'), true],
    ['pull-request', ctx('github', 'pull_request_target'), false],
    ['pull-request', ctx('gitlab', 'merge_request_event', 'refs/merge-requests/1/head'), true],
    ['merge-request', ctx('gitlab', 'external_pull_request_event', 'refs/pull/1/head'), true],
    ['manual', ctx('github', 'workflow_dispatch'), true],
    ['manual', ctx('gitlab', 'web'), true],
    ['manual', ctx('gitlab', 'api'), false],
    ['manual', ctx('circleci', 'api'), false],
    ['api', ctx('github', 'repository_dispatch'), true],
    ['api', ctx('gitlab', 'api'), true],
    ['api', ctx('gitlab', 'trigger'), false],
    ['api', ctx('circleci', 'api'), true],
    ['schedule', ctx('gitlab', 'schedule'), true],
    ['schedule', ctx('circleci', 'scheduled_pipeline'), true],
    ['comment', ctx('github', 'issue_comment'), true],
    ['comment', ctx('gitlab', 'chat'), false],
    ['release', ctx('github', 'release', 'refs/tags/v1'), true],
    ['upstream', ctx('github', 'workflow_run'), true],
    ['upstream', ctx('gitlab', 'parent_pipeline'), true],
    ['merge-queue', ctx('github', 'merge_group'), true],
    ['local', ctx('local', 'local'), true],
    ['local', ctx('github', 'local'), true], // native name equality: a context that says event "local"
    ['push', ctx('local', 'local'), false],
    // refined aliases
    ['tag', ctx('github', 'push', 'refs/tags/v1'), true],
    ['tag', ctx('github', 'push', 'refs/heads/v1'), false],
    ['tag', ctx('gitlab', 'push', 'refs/tags/v1'), true],
    ['tag', ctx('gitlab', 'web', 'refs/tags/v1'), false],
    ['tag', ctx('circleci', 'webhook', 'refs/tags/v1'), true],
    ['push', ctx('circleci', 'webhook'), true],
    ['push', ctx('circleci', 'webhook', 'refs/pull/4/head', { pullRequestNumber: 4 }), false],
    ['push', ctx('circleci', 'api'), false],
    ['pull-request', ctx('circleci', 'webhook', 'refs/pull/4/head', { pullRequestNumber: 4 }), true],
    ['pull-request', ctx('circleci', 'webhook', 'refs/heads/feature', { pullRequestNumber: 9 }), true],
    ['pull-request', ctx('circleci', 'webhook'), false],
    // prototype names are neither aliases nor events
    ['constructor', ctx('github', 'push'), false],
    ['__proto__', ctx('github', 'push'), false],
    ['toString', ctx('gitlab', 'push'), false],
    ['hasOwnProperty', ctx('circleci', 'webhook'), false],
  ] as MatchCase[]).map(label))(
    '"%s" vs %s',
    (allowed, _label, context, expected) => {
      expect(eventMatches(allowed, context)).toBe(expected);
    },
  );

  it('an unknown event name matches only itself', () => {
    expect(eventMatches('deployment_status', ctx('github', 'deployment_status'))).toBe(true);
    expect(eventMatches('deployment', ctx('github', 'deployment_status'))).toBe(false);
  });
});

describe('isEventAlias / describeAllowedEvent', () => {
  it('knows the portable names only', () => {
    expect(isEventAlias('pull-request')).toBe(true);
    expect(isEventAlias('pull_request')).toBe(false);
    expect(isEventAlias('constructor')).toBe(false);
  });

  it.each<[string, PlatformName, string]>([
    ['pull-request', 'gitlab', 'pull-request (merge_request_event | external_pull_request_event)'],
    ['tag', 'github', 'tag (push and the ref is refs/tags/…)'],
    ['release', 'gitlab', 'release (no gitlab event)'],
    ['workflow_dispatch', 'github', 'workflow_dispatch'],
  ])('%s on %s → %s', (allowed, platform, text) => {
    expect(describeAllowedEvent(allowed, platform)).toBe(text);
  });
});

describe('the README alias table matches EVENT_ALIASES', () => {
  it('every alias row lists exactly the table\'s native names, and marks refinements', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('\n### Events: native names and portable aliases\n');
    expect(start).toBeGreaterThan(-1);
    const doc = readme.slice(start, readme.indexOf('\n#', start + 1));
    const rows = doc.split('\n').filter((l) => /^\| `[a-z-]+` \|/.test(l));
    const seen = new Set<string>();
    for (const row of rows) {
      const cells = row.split('|').slice(1, -1).map((c) => c.trim());
      const alias = cells[0]!.replace(/`/g, '');
      if (!isEventAlias(alias)) continue;
      seen.add(alias);
      PLATFORMS.forEach((p, i) => {
        const cell = cells[i + 1]!;
        const [names, condition] = cell.split(' — ');
        const listed = cell === '—' ? [] : [...names!.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
        expect([alias, p, listed]).toEqual([alias, p, [...EVENT_ALIASES[alias][p]]]);
        expect([alias, p, condition !== undefined]).toEqual([alias, p, ALIAS_REFINEMENTS[alias]?.[p] !== undefined]);
      });
    }
    expect([...seen].sort()).toEqual(Object.keys(EVENT_ALIASES).sort());
  });
});
