// GitLab CI/CD components: generated from actions/*/action.yml, valid against GitLab's CI schema
// after interpolation, and run for real by gitlab-ci-local (shell executor) from a local catalog
// project: allow passes the job, deny fails it with the reason in the log, the bundle download is
// integrity-checked, reports are written, and the `script` input runs only after an allow.
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { CORPUS, ROOT, componentInclude, registeredActions, runGitLab, snapshotDist, type GitLabPipeline } from './harness.js';

const SECRET = 'glpat-Zq8xTt3vLw0sSecretValue';
const POLICY = readFileSync(join(ROOT, 'test/surfaces/fixtures/policy.yml'), 'utf8');
const TEMPLATES = join(ROOT, 'gitlab-component/templates');
const templateNames = readdirSync(TEMPLATES).filter((f) => f.endsWith('.yml')).map((f) => f.replace(/\.yml$/, ''));

/** GitLab's interpolation for a test: inputs (defaults + given) and component context into the body. */
function interpolate(text: string, given: Record<string, unknown>, reference = '1.2.3'): { spec: any; body: any } {
  const [header, body] = parseAllDocuments(text);
  const spec = header!.toJS() as { spec: { inputs: Record<string, { default?: unknown; type?: string; options?: string[]; regex?: string }> } };
  const values: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(spec.spec.inputs)) {
    const v = Object.hasOwn(given, name) ? given[name] : def.default;
    if (v === undefined) throw new Error(`input ${name} is required`);
    if (def.options && !def.options.includes(String(v))) throw new Error(`input ${name}: ${String(v)} is not one of ${def.options.join(', ')}`);
    if (def.regex && !new RegExp(def.regex).test(String(v))) throw new Error(`input ${name}: ${String(v)} does not match ${def.regex}`);
    values[name] = v;
  }
  const context: Record<string, string> = { name: 'verify-trigger', sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246', version: '1.2.3', reference };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const whole = /^\$\[\[\s*inputs\.([\w-]+)\s*\]\]$/.exec(v);
      if (whole) return values[whole[1]!];
      return v.replace(/\$\[\[\s*(inputs|component)\.([\w-]+)\s*\]\]/g, (_, scope: string, key: string) => String(scope === 'inputs' ? values[key] : context[key]));
    }
    if (Array.isArray(v)) return v.flatMap((x) => (Array.isArray(walk(x)) ? (walk(x) as unknown[]) : [walk(x)]));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [walk(k) as string, walk(x)]));
    return v;
  };
  return { spec, body: walk(body!.toJS()) };
}

describe('component templates', () => {
  const schema = JSON.parse(readFileSync(join(CORPUS, 'schemas/gitlab-ci.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, validateFormats: false });
  const validate = ajv.compile(schema);

  it('exist for every action with an action.yml, and the generator output is what is committed', async () => {
    const actions = readdirSync(join(ROOT, 'actions')).filter((a) => readdirSync(join(ROOT, 'actions', a)).includes('action.yml')).sort();
    expect(templateNames.sort()).toEqual(actions);
    const gen = await import(pathToFileURL(join(ROOT, 'scripts/generate-surfaces.mjs')).href);
    const files = gen.generatedFiles(ROOT) as Record<string, string>;
    for (const [path, text] of Object.entries(files)) expect({ path, text: readFileSync(join(ROOT, path), 'utf8') }).toEqual({ path, text });
  });

  it.each(templateNames)('%s: body valid against the GitLab CI schema after interpolation; header inputs typed and described', (name) => {
    const { spec, body } = interpolate(readFileSync(join(TEMPLATES, `${name}.yml`), 'utf8'), { environment: 'production', script: ['./deploy.sh'] });
    const ok = validate(body);
    expect(ok ? [] : validate.errors).toEqual([]);
    // The header: GitLab's spec (this schema copy predates `spec:component`, GitLab 18.6).
    const { component, ...rest } = spec.spec;
    expect(component).toEqual(['name', 'sha', 'version', 'reference']);
    expect(validate({ spec: rest }) ? [] : validate.errors).toEqual([]);
    for (const [input, def] of Object.entries(spec.spec.inputs as Record<string, { description?: string }>)) expect({ input, described: (def.description ?? '').length > 10 }).toEqual({ input, described: true });
    expect(spec.spec.inputs.image.default).toMatch(/^node:24/);
    expect(spec.spec.inputs.mode.options).toEqual(['enforce', 'audit']);
    expect(spec.spec.inputs.environment.default).toBeUndefined(); // required
    const job = body[`ci-constraints-${name}`];
    expect(job.artifacts.reports.dotenv).toBe(`ci-constraints-${name}.env`);
    expect([job.artifacts.reports.junit].flat()).toContain(`ci-constraints-${name}.junit.xml`);
    expect(job.variables.CIC_COMPONENT_VERSION).toBe('version:1.2.3');
  });

  it('verify-trigger: id_tokens gives the job its OIDC token (one audience, issued and checked), the issuer passes through, and component.reference is the action-ref', () => {
    const text = readFileSync(join(TEMPLATES, 'verify-trigger.yml'), 'utf8');
    const job = (given: Record<string, unknown>, reference?: string) => interpolate(text, { environment: 'production', ...given }, reference).body['ci-constraints-verify-trigger'];
    const byDefault = job({});
    // The core reads CI_CONSTRAINTS_ID_TOKEN by default and checks the audience it was issued for.
    expect(byDefault.id_tokens).toEqual({ CI_CONSTRAINTS_ID_TOKEN: { aud: 'ci-constraints' } });
    expect(byDefault.variables.CI_CONSTRAINTS_OIDC_AUDIENCE).toBe('ci-constraints');
    expect(byDefault.variables.CI_CONSTRAINTS_OIDC_ISSUER).toBe('');
    const custom = job({ 'id-token-audience': 'https://deploy.acme.example', 'oidc-issuer': 'https://gitlab.acme.example' });
    expect(custom.id_tokens.CI_CONSTRAINTS_ID_TOKEN.aud).toBe('https://deploy.acme.example');
    expect(custom.variables.CI_CONSTRAINTS_OIDC_AUDIENCE).toBe('https://deploy.acme.example');
    expect(custom.variables.CI_CONSTRAINTS_OIDC_ISSUER).toBe('https://gitlab.acme.example');
    // No second audience input that could disagree with the issued one.
    expect(Object.keys(parseAllDocuments(text)[0]!.toJS().spec.inputs)).not.toContain('oidc-audience');
    // pinned-action: what the pipeline wrote after the @, never an input.
    expect(byDefault.variables.CI_CONSTRAINTS_ACTION_REF).toBe('1.2.3');
    expect(job({}, '6113728f27ae82c7b1a177c8d03f9e96e0adf246').variables.CI_CONSTRAINTS_ACTION_REF).toBe('6113728f27ae82c7b1a177c8d03f9e96e0adf246');
    expect(Object.keys(parseAllDocuments(text)[0]!.toJS().spec.inputs)).not.toContain('action-ref');
  });

  it('rejects input values outside options/regex (as GitLab would)', () => {
    const text = readFileSync(join(TEMPLATES, 'verify-trigger.yml'), 'utf8');
    expect(() => interpolate(text, {})).toThrow(/environment is required/);
    expect(() => interpolate(text, { environment: 'prod; rm -rf /' })).toThrow(/does not match/);
    expect(() => interpolate(text, { environment: 'production', mode: 'warn' })).toThrow(/not one of/);
    expect(() => interpolate(text, { environment: 'production', 'bundle-sha256': 'abc' })).toThrow(/does not match/);
  });

  it('secret inputs are taken as variable names, never as values; the job sets no credential variable itself', () => {
    for (const name of templateNames) {
      const { spec, body } = interpolate(readFileSync(join(TEMPLATES, `${name}.yml`), 'utf8'), { environment: 'production' });
      const variables = body[`ci-constraints-${name}`].variables as Record<string, unknown>;
      const secrets = String(variables.CIC_SECRET_INPUTS).split(' ').filter(Boolean);
      expect(secrets.length).toBeGreaterThan(0);
      for (const input of secrets) {
        const upper = input.replace(/-/g, '_').toUpperCase();
        expect({ name, input, named: Object.hasOwn(variables, `CIC_SECRET_${upper}`), valueSet: Object.hasOwn(variables, `CI_CONSTRAINTS_${upper}`), specInput: Object.hasOwn(spec.spec.inputs, `${input}-variable`) })
          .toEqual({ name, input, named: true, valueSet: false, specInput: true });
      }
      // Every other input reaches the CLI as CI_CONSTRAINTS_<INPUT>; internal names never use that prefix.
      for (const key of Object.keys(variables)) expect({ name, key, ok: key.startsWith('CIC_') || key.startsWith('CI_CONSTRAINTS_') }).toEqual({ name, key, ok: true });
      expect(variables.CI_CONSTRAINTS_ENVIRONMENT).toBe('production');
      for (const input of Object.keys(spec.spec.inputs)) expect({ name, input, secretValue: /(^|-)(token|secret-id|client-key|password|passphrase)$|^key$/.test(input) }).toEqual({ name, input, secretValue: false });
    }
  });
});

describe('gitlab-ci-local runs the components', () => {
  let dist: string;
  let server: Server;
  let baseUrl: string;
  let tarballSha: string;
  let pushMain: GitLabPipeline;
  let webMain: GitLabPipeline;
  let actions: string[];

  beforeAll(async () => {
    dist = snapshotDist();
    actions = registeredActions(dist);
    const pack = await import(pathToFileURL(join(ROOT, 'scripts/orb-pack.mjs')).href);
    const tarball = pack.bundleTarball(dist) as Buffer;
    tarballSha = pack.sha256(tarball) as string;
    // The release download, served on loopback: /v9.9.9/ci-constraints-dist.tar.gz.
    server = createServer((req, res) => {
      if (req.url === '/releases/v9.9.9/ci-constraints-dist.tar.gz') res.end(tarball);
      else res.writeHead(404).end('not found');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/releases`;

    const files = { 'ci-constraints.yml': POLICY, 'pinned.yml': 'version: 1\nenvironments:\n  production:\n    trigger:\n      events: [push]\n      pinned-action: sha\n' };
    const vt = (inputs: Record<string, unknown>) => componentInclude('verify-trigger', { 'bundle-path': 'dist', ...inputs });
    const push = {
      CI_PIPELINE_SOURCE: 'push', CI_COMMIT_REF_NAME: 'main', CI_COMMIT_BRANCH: 'main', CI_COMMIT_REF_PROTECTED: 'true', GITLAB_USER_LOGIN: 'octocat', CIC_DEPLOY_KEY: SECRET,
    };
    [pushMain, webMain] = await Promise.all([
      runGitLab(dist, `include:\n${[
        vt({ 'job-name': 'prod-allow', environment: 'production', script: ['echo "DEPLOYING as $GITLAB_USER_LOGIN"'] }),
        vt({ 'job-name': 'ci-allow', environment: 'ci' }),
        vt({ 'job-name': 'prod-pinned', environment: 'production', policy: 'pinned.yml' }),
        componentInclude('verify-trigger', { 'job-name': 'download-ok', environment: 'production', version: '9.9.9', 'bundle-url': baseUrl, 'bundle-sha256': tarballSha }),
        componentInclude('verify-trigger', { 'job-name': 'download-tampered', environment: 'production', version: '9.9.9', 'bundle-url': baseUrl, 'bundle-sha256': '0'.repeat(64) }),
        componentInclude('verify-trigger', { 'job-name': 'unreleased', environment: 'production' }),
      ].join('')}`, push, files),
      runGitLab(dist, `include:\n${[
        vt({ 'job-name': 'prod-deny', environment: 'production', script: ['echo "DEPLOYING as $GITLAB_USER_LOGIN"'] }),
        vt({ 'job-name': 'prod-audit', environment: 'production', mode: 'audit' }),
      ].join('')}`, { ...push, CI_PIPELINE_SOURCE: 'web' }, files),
    ]);
  }, 120_000);

  afterAll(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it('covers the registered actions', () => {
    expect(actions).toContain('verify-trigger');
  });

  it('allowed push to main: the job passes, writes the dotenv decision (no secrets) and the JSON report, then runs the script input', () => {
    const job = pushMain.jobs['prod-allow']!;
    expect(job).toBeDefined();
    expect(job.passed).toBe(true);
    expect(job.decision).toBe('allow');
    expect(job.log).toContain('DEPLOYING as octocat');
    expect(job.dotenv).toMatchObject({ CI_CONSTRAINTS_VERIFY_TRIGGER_DECISION: 'allow', CI_CONSTRAINTS_VERIFY_TRIGGER_VIOLATIONS: '0', CI_CONSTRAINTS_VERIFY_TRIGGER_ENFORCED: 'true', CI_CONSTRAINTS_VERIFY_TRIGGER_REF: 'refs/heads/main' });
    // Only the action's own non-secret keys; the job's secret variable appears nowhere.
    for (const [key, value] of Object.entries(job.dotenv)) expect({ key, secret: value.includes(SECRET) }).toEqual({ key: expect.stringMatching(/^CI_CONSTRAINTS_VERIFY_TRIGGER_[A-Z0-9_]+$/), secret: false });
    expect(pushMain.jobs['ci-allow']!.passed).toBe(true);
  });

  it('pinned-action: sha allows the component included by its full commit SHA (component.reference reaches the core as action-ref)', () => {
    const job = pushMain.jobs['prod-pinned']!;
    const sha = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: pushMain.repo, encoding: 'utf8' }).stdout.trim();
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect({ passed: job.passed, decision: job.decision, rules: job.rules }).toEqual({ passed: true, decision: 'allow', rules: [] });
    const report = readFileSync(join(job.artifacts, 'ci-constraints-verify-trigger.json'), 'utf8');
    expect(report).toContain('trigger.pinned-action');
    expect(report).toContain(`pinned to commit ${sha}`);
  });

  it('disallowed event: the job fails with the rule and the reason in the log, and the script input never runs', () => {
    const job = webMain.jobs['prod-deny']!;
    expect(job.passed).toBe(false);
    expect(job.decision).toBe('deny');
    expect(job.rules).toEqual(['trigger.events']);
    expect(job.log).toContain('trigger.events');
    expect(job.log).toMatch(/event web is not allowed/);
    expect(job.log).not.toContain('DEPLOYING');
    expect(job.dotenv.CI_CONSTRAINTS_VERIFY_TRIGGER_DECISION).toBe('deny');
  });

  it('audit mode: the same deny lets the job pass, NOT ENFORCED', () => {
    const job = webMain.jobs['prod-audit']!;
    expect(job.passed).toBe(true);
    expect(job.decision).toBe('deny');
    expect(job.log).toMatch(/NOT ENFORCED/);
    expect(job.dotenv.CI_CONSTRAINTS_VERIFY_TRIGGER_ENFORCED).toBe('false');
  });

  it('release download: the bundle with the recorded SHA-256 runs; any other digest is refused before it runs', () => {
    const ok = pushMain.jobs['download-ok']!;
    expect(ok.passed).toBe(true);
    expect(ok.decision).toBe('allow');
    expect(ok.log).toContain(`${baseUrl}/v9.9.9/ci-constraints-dist.tar.gz`);
    const bad = pushMain.jobs['download-tampered']!;
    expect(bad.passed).toBe(false);
    expect(bad.log).toMatch(/refusing to run it/);
    expect(bad.decision).toBeUndefined(); // nothing ran
  });

  it('an unreleased component revision without bundle-path fails closed with a fix', () => {
    const job = pushMain.jobs.unreleased!;
    expect(job.passed).toBe(false);
    expect(job.log).toMatch(/is not a release: include a released version/);
  });
});
