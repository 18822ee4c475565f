// sign-artifact through the shipped bundle: `node dist/sign-artifact.js` under the GitHub runner
// contract (key from an env var named by `key-env`, masked), outputs read back from GITHUB_OUTPUT,
// the bundle checked by @sigstore/verify and the .sig files by openssl; then verify / reproduce
// through `node dist/cli.js`, and decision records made by a real `verify-trigger --report` run.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { Job, maskedValues, runCli, tempDir, unmaskedStdout, type StepRun } from './harness.js';

function p256(): { privatePem: string; publicPem: string } {
  const kp = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { privatePem: kp.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicPem: kp.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** @sigstore/verify with a public-key trust policy (no tlog, no timestamps): throws unless the bundle verifies. */
function sigstoreVerify(bundlePath: string, publicPem: string, hint: string): void {
  const trust = toTrustMaterial({ certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [] } as unknown as Parameters<typeof toTrustMaterial>[0], (h: string) => {
    if (h !== hint) throw new Error(`unknown key hint ${h}`);
    return { publicKey: createPublicKey(publicPem), validFor: () => true };
  });
  new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify(toSignedEntity(bundleFromJSON(JSON.parse(readFileSync(bundlePath, 'utf8')))));
}

function statementOf(bundlePath: string): any {
  const bundle = JSON.parse(readFileSync(bundlePath, 'utf8'));
  return JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'));
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function openssl(args: string[]): { code: number | null; out: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

const POLICY = `version: 1
environments:
  production:
    trigger:
      events: [push]
      refs: [refs/heads/main]
    artifacts:
      signature: required
      reproducible: required
      public-keys: [keys/release.pub]
      predicate:
        repository: Codertocat/Hello-World
        ref: ["refs/heads/*"]
        builder-id: https://github.com/actions/runner/github-hosted
`;

const KEY = p256();
const OTHER = p256();
const APP = Buffer.from('app tarball bytes\n'.repeat(1000));

function newJob(policy = POLICY): Job {
  const job = new Job();
  job.write('ci-constraints.yml', policy);
  job.write('keys/release.pub', KEY.publicPem);
  job.write('keys/other.pub', OTHER.publicPem);
  job.write('dist/app.tgz', APP);
  job.write('site/index.html', '<h1>hi</h1>\n');
  job.write('site/a.txt', 'a\n');
  job.write('site/js/b.js', 'console.log(1)\n');
  return job;
}

const signInputs = (extra: Record<string, string> = {}) => ({ environment: 'production', subjects: 'dist/app.tgz\nsite', 'key-env': 'SIGNING_KEY', 'output-dir': 'signed', ...extra });

describe('sign-artifact: dist/sign-artifact.js under the runner contract, then verify/reproduce via dist/cli.js', () => {
  const job = newJob();
  let signed: StepRun;
  beforeAll(async () => {
    signed = await job.step('sign-artifact', signInputs(), { env: { SIGNING_KEY: KEY.privatePem } });
  });

  it('signs: exit 0, decision allow, every rule passes, outputs parsed back from GITHUB_OUTPUT', () => {
    expect(signed.stderr).toBe('');
    expect(signed.code).toBe(0);
    expect(signed.outputs).toMatchObject({ decision: 'allow', violations: '0' });
    expect(signed.report?.decision).toBe('allow');
    expect(signed.failed).toEqual([]);
    const rules = signed.report!.checks.map((c) => `${c.rule}:${c.status}`);
    expect(rules).toEqual(expect.arrayContaining(['artifacts.key:pass', 'artifacts.subjects:pass', 'artifacts.signature:pass']));
    expect(signed.outputs.digest).toBe(`sha256:${sha256(APP)}`);
    expect(JSON.parse(signed.outputs.digests!)).toEqual({ 'dist/app.tgz': `sha256:${sha256(APP)}`, 'site/': expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(signed.outputs.bundle).toBe(join(job.workspace, 'signed/provenance.sigstore.json'));
    expect(signed.outputs.signature).toBe(join(job.workspace, 'signed/dist/app.tgz.sig'));
    expect(signed.outputs.signatures!.split('\n')).toEqual([join(job.workspace, 'signed/dist/app.tgz.sig'), join(job.workspace, 'signed/site.sha256.sig')]);
    const spki = createPublicKey(KEY.publicPem).export({ type: 'spki', format: 'der' });
    expect(signed.outputs['key-id']).toBe(sha256(spki));
    expect(signed.summary).toContain('sign-artifact: ALLOW');
    expect(signed.summary).toContain(`\`sha256:${sha256(APP)}\``);
  });

  it('masks the key from the env var before anything else, and never prints it', () => {
    const masked = maskedValues(signed.stdout);
    const body = KEY.privatePem.trim().split('\n');
    for (const line of body) expect(masked).toContain(line);
    expect(signed.stdout.indexOf('::add-mask::')).toBe(0);
    const secretLines = body.filter((l) => !l.startsWith('-----'));
    const elsewhere = [unmaskedStdout(signed.stdout), signed.stderr, signed.summary, readFileSync(signed.files.GITHUB_OUTPUT, 'utf8'), JSON.stringify(signed.report), readFileSync(signed.outputs.bundle!, 'utf8')].join('\n');
    for (const line of secretLines) expect(elsewhere).not.toContain(line);
    expect(elsewhere).not.toContain(Buffer.from(KEY.privatePem).toString('base64').slice(0, 40));
  });

  it('the bundle verifies with @sigstore/verify and the public key, not with another key', () => {
    sigstoreVerify(signed.outputs.bundle!, KEY.publicPem, signed.outputs['key-id']!);
    expect(() => sigstoreVerify(signed.outputs.bundle!, OTHER.publicPem, signed.outputs['key-id']!)).toThrow();
    const st = statementOf(signed.outputs.bundle!);
    expect(st._type).toBe('https://in-toto.io/Statement/v1');
    expect(st.predicateType).toBe('https://slsa.dev/provenance/v1');
    expect(st.subject).toEqual(expect.arrayContaining([{ name: 'dist/app.tgz', digest: { sha256: sha256(APP) } }]));
    // The provenance comes from the runner's variables and the real push payload.
    expect(st.predicate.buildDefinition.externalParameters).toMatchObject({ repository: 'Codertocat/Hello-World', ref: 'refs/heads/main', event: 'push' });
    expect(st.predicate.runDetails.builder.id).toBe('https://github.com/actions/runner/github-hosted');
  });

  it('the .sig files verify with openssl dgst -sha256 -verify; a changed byte does not', () => {
    const pub = join(job.workspace, 'keys/release.pub');
    const file = openssl(['dgst', '-sha256', '-verify', pub, '-signature', signed.outputs.signature!, join(job.workspace, 'dist/app.tgz')]);
    expect(file).toEqual({ code: 0, out: 'Verified OK\n' });
    const manifest = join(job.workspace, 'signed/site.sha256');
    expect(openssl(['dgst', '-sha256', '-verify', pub, '-signature', `${manifest}.sig`, manifest]).code).toBe(0);
    // The directory manifest is a sha256sum file over the tree.
    expect(execFileSync('sha256sum', ['-c', manifest], { cwd: join(job.workspace, 'site'), encoding: 'utf8' })).toMatch(/js\/b\.js: OK/);
    const copy = join(tempDir(), 'app.tgz');
    writeFileSync(copy, Buffer.concat([APP, Buffer.from('x')]));
    expect(openssl(['dgst', '-sha256', '-verify', pub, '-signature', signed.outputs.signature!, copy]).code).toBe(1);
  });

  it('verify (CLI): allow, with signature, subject digests and predicate checked', async () => {
    const r = await job.cli(['sign-artifact', 'verify', '--environment', 'production', '--bundle', 'signed/provenance.sigstore.json', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.report?.decision).toBe('allow');
    expect(r.report!.checks.map((c) => `${c.rule}:${c.status}`)).toEqual(expect.arrayContaining(['artifacts.signature:pass', 'artifacts.subject-digest:pass', 'artifacts.predicate:pass']));
    expect(r.failed).toEqual([]);
  });

  it('verify (CLI) of a tampered file: exit 1, deny artifacts.subject-digest naming the file', async () => {
    const work = tempDir('cic-tampered-');
    cpSync(job.workspace, work, { recursive: true });
    appendFileSync(join(work, 'dist/app.tgz'), 'backdoor');
    const r = await runCli(['sign-artifact', 'verify', '--environment', 'production', '--bundle', 'signed/provenance.sigstore.json', '--format', 'json'], job.env, work);
    expect(r.code).toBe(1);
    expect(r.report?.decision).toBe('deny');
    expect(r.failed).toEqual(['artifacts.subject-digest']);
    const check = r.report!.checks.find((c) => c.rule === 'artifacts.subject-digest')!;
    expect(check.message).toContain(`~ dist/app.tgz: signed sha256:${sha256(APP)}`);
    expect(check.seen).toEqual({ changed: ['dist/app.tgz'], missing: [] });
  });

  it('verify (CLI) with a key the policy does not trust: deny artifacts.signature', async () => {
    const policy = POLICY.replace('keys/release.pub', 'keys/other.pub');
    const work = tempDir('cic-wrongkey-');
    cpSync(job.workspace, work, { recursive: true });
    writeFileSync(join(work, 'ci-constraints.yml'), policy);
    const r = await runCli(['sign-artifact', 'verify', '--environment', 'production', '--bundle', 'signed/provenance.sigstore.json', '--format', 'json'], job.env, work);
    expect(r.code).toBe(1);
    expect(r.failed).toContain('artifacts.signature');
  });

  it('reproduce (CLI) of an identical rebuild elsewhere: allow artifacts.reproducible', async () => {
    const rebuild = tempDir('cic-rebuild-');
    for (const d of ['dist', 'site', 'keys', 'ci-constraints.yml']) cpSync(join(job.workspace, d), join(rebuild, d), { recursive: true });
    const r = await runCli(['sign-artifact', 'reproduce', '--environment', 'production', '--bundle', signed.outputs.bundle!, '--format', 'json'], job.env, rebuild);
    expect(r.code).toBe(0);
    expect(r.report!.checks.filter((c) => c.rule === 'artifacts.reproducible').map((c) => c.status)).toEqual(['pass']);
    expect(r.failed).toEqual([]);
  });

  it('reproduce (CLI) of a rebuild whose directory changed: exit 1, deny artifacts.reproducible listing the files', async () => {
    const rebuild = tempDir('cic-rebuild-');
    for (const d of ['dist', 'site', 'keys', 'ci-constraints.yml']) cpSync(join(job.workspace, d), join(rebuild, d), { recursive: true });
    writeFileSync(join(rebuild, 'site/js/b.js'), 'console.log(2)\n');
    writeFileSync(join(rebuild, 'site/extra.js'), 'fetch("https://evil.example")\n');
    rmSync(join(rebuild, 'site/a.txt'));
    const r = await runCli(['sign-artifact', 'reproduce', '--environment', 'production', '--bundle', signed.outputs.bundle!, '--format', 'json'], job.env, rebuild);
    expect(r.code).toBe(1);
    expect(r.report?.decision).toBe('deny');
    expect(r.failed).toEqual(['artifacts.reproducible']);
    const message = r.report!.checks.find((c) => c.rule === 'artifacts.reproducible')!.message;
    expect(message).toMatch(/\+ extra\.js/);
    expect(message).toMatch(/- a\.txt/);
    expect(message).toMatch(/~ js\/b\.js/);
    expect(message).not.toMatch(/dist\/app\.tgz/);
  });
});

describe('sign-artifact: verify and reproduce as GitHub steps (the command input)', () => {
  const job = newJob();
  let signed: StepRun;
  beforeAll(async () => {
    signed = await job.step('sign-artifact', signInputs(), { env: { SIGNING_KEY: KEY.privatePem } });
  });

  it('deploy job: command verify on the signed files: exit 0, allow, digests output', async () => {
    expect(signed.code).toBe(0);
    const r = await job.step('sign-artifact', { environment: 'production', command: 'verify', bundle: 'signed/provenance.sigstore.json' });
    expect(r.code).toBe(0);
    expect(r.outputs.decision).toBe('allow');
    expect(r.failed).toEqual([]);
    expect(r.report!.checks.map((c) => `${c.rule}:${c.status}`)).toEqual(expect.arrayContaining(['artifacts.signature:pass', 'artifacts.subject-digest:pass', 'artifacts.predicate:pass']));
    expect(JSON.parse(r.outputs.digests!)).toEqual(JSON.parse(signed.outputs.digests!));
  });

  it('deploy job on another ref than the policy allows: exit 1, deny artifacts.predicate', async () => {
    const policy = POLICY.replace('ref: ["refs/heads/*"]', 'ref: ["refs/tags/v*"]');
    const other = new Job();
    cpSync(job.workspace, other.workspace, { recursive: true });
    writeFileSync(join(other.workspace, 'ci-constraints.yml'), policy);
    const r = await other.step('sign-artifact', { environment: 'production', command: 'verify', bundle: 'signed/provenance.sigstore.json' });
    expect(r.code).toBe(1);
    expect(r.failed).toEqual(['artifacts.predicate']);
    expect(r.report!.checks.find((c) => c.rule === 'artifacts.predicate' && c.status === 'fail')!.message).toContain('refs/heads/main');
  });

  it('nightly job: command reproduce on a rebuild with a different tarball: exit 1, deny artifacts.reproducible', async () => {
    const nightly = new Job();
    for (const d of ['site', 'keys', 'ci-constraints.yml']) cpSync(join(job.workspace, d), join(nightly.workspace, d), { recursive: true });
    nightly.write('dist/app.tgz', Buffer.concat([APP, Buffer.from('rebuilt with another timestamp')]));
    const r = await nightly.step('sign-artifact', { environment: 'production', command: 'reproduce', bundle: signed.outputs.bundle! });
    expect(r.code).toBe(1);
    expect(r.outputs.decision).toBe('deny');
    expect(r.failed).toEqual(['artifacts.reproducible']);
    expect(r.report!.checks.find((c) => c.rule === 'artifacts.reproducible')!.message).toContain(`~ dist/app.tgz: signed sha256:${sha256(APP)}`);
  });
});

describe('sign-artifact with working-directory (a monorepo package)', () => {
  it('policy key paths stay relative to the workspace: sign and verify inside packages/app allow', async () => {
    const job = newJob();
    job.write('packages/app/dist/app.tgz', APP);
    const signed = await job.step('sign-artifact', { environment: 'production', 'working-directory': 'packages/app', subjects: 'dist/app.tgz', 'key-env': 'SIGNING_KEY' }, { env: { SIGNING_KEY: KEY.privatePem } });
    expect(signed.code).toBe(0);
    expect(signed.outputs.bundle).toBe(join(job.workspace, 'packages/app/ci-constraints-signatures/provenance.sigstore.json'));
    const verified = await job.step('sign-artifact', { environment: 'production', command: 'verify', 'working-directory': 'packages/app', bundle: 'ci-constraints-signatures/provenance.sigstore.json' });
    expect(verified.failed).toEqual([]);
    expect(verified.code).toBe(0);
    expect(verified.report!.checks.map((c) => `${c.rule}:${c.status}`)).toEqual(expect.arrayContaining(['artifacts.signature:pass', 'artifacts.subject-digest:pass']));
  });
});

describe('sign-artifact: decision records from a real verify-trigger --report run', () => {
  it('binds an allowing verify-trigger report; the decisions bundle verifies and verify --decisions-bundle allows', async () => {
    const job = newJob(POLICY.replace('      reproducible: required\n', '      reproducible: required\n      decisions: [verify-trigger]\n'));
    const vt = await job.cli(['verify-trigger', '--environment', 'production', '--report', 'reports/verify-trigger.json']);
    expect(vt.code).toBe(0);
    expect(vt.report).toMatchObject({ action: 'verify-trigger', decision: 'allow', mode: 'enforce' });
    const signed = await job.step('sign-artifact', signInputs({ 'decision-reports': 'reports/verify-trigger.json' }), { env: { SIGNING_KEY: KEY.privatePem } });
    expect(signed.code).toBe(0);
    expect(signed.outputs.decision).toBe('allow');
    expect(signed.report!.checks.find((c) => c.rule === 'artifacts.decisions')?.status).toBe('pass');
    const dBundle = signed.outputs['decisions-bundle']!;
    expect(dBundle).toBe(join(job.workspace, 'signed/decisions.sigstore.json'));
    sigstoreVerify(dBundle, KEY.publicPem, signed.outputs['key-id']!);
    const st = statementOf(dBundle);
    expect(st.predicateType).toBe('https://ci-constraints.dev/attestations/decisions/v1');
    expect(st.subject.map((s: { name: string }) => s.name).sort()).toEqual(['dist/app.tgz', 'site/']);
    expect(JSON.stringify(st.predicate)).toContain(sha256(readFileSync(join(job.workspace, 'reports/verify-trigger.json'))));

    const verified = await job.cli(['sign-artifact', 'verify', '--environment', 'production', '--bundle', 'signed/provenance.sigstore.json', '--decisions-bundle', 'signed/decisions.sigstore.json', '--format', 'json']);
    expect(verified.code).toBe(0);
    expect(verified.report!.checks.map((c) => `${c.rule}:${c.status}`)).toEqual(expect.arrayContaining(['artifacts.signature:pass', 'artifacts.decisions:pass']));
    expect(verified.failed).toEqual([]);
  });

  it('refuses to sign with a denying verify-trigger report: exit 1, deny artifacts.decisions, nothing signed', async () => {
    const job = newJob();
    // The same policy judges a push to a feature branch: verify-trigger denies trigger.refs.
    const vt = await job.cli(['verify-trigger', '--environment', 'production', '--report', 'reports/verify-trigger.json'], { GITHUB_REF: 'refs/heads/feature', GITHUB_REF_NAME: 'feature' });
    expect(vt.code).toBe(1);
    expect(vt.report?.decision).toBe('deny');
    expect(vt.failed).toContain('trigger.refs');
    const signed = await job.step('sign-artifact', signInputs({ 'decision-reports': 'reports/verify-trigger.json' }), { env: { SIGNING_KEY: KEY.privatePem } });
    expect(signed.code).toBe(1);
    expect(signed.outputs.decision).toBe('deny');
    expect(signed.failed).toEqual(['artifacts.decisions']);
    expect(signed.outputs.bundle).toBeUndefined();
    expect(existsSync(join(job.workspace, 'signed/provenance.sigstore.json'))).toBe(false);
  });
});

describe('sign-artifact: key problems through the bundle deny artifacts.key', () => {
  it.each([
    ['key-env names an unset variable', {}, /SIGNING_KEY.*empty or not set/],
    ['the variable holds an RSA key', { SIGNING_KEY: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }, /RSA|rsa/],
    ['the variable holds a public key', { SIGNING_KEY: KEY.publicPem }, /public key/i],
  ])('%s', async (_what, env, pattern) => {
    const job = newJob();
    const r = await job.step('sign-artifact', signInputs(), { env });
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({ decision: 'deny' });
    expect(r.failed).toEqual(['artifacts.key']);
    expect(r.report!.checks.find((c) => c.rule === 'artifacts.key')!.message).toMatch(pattern);
    expect(existsSync(join(job.workspace, 'signed'))).toBe(false);
    const value = (env as Record<string, string>).SIGNING_KEY;
    if (value) for (const line of value.trim().split('\n').filter((l) => !l.startsWith('-----'))) expect(unmaskedStdout(r.stdout) + r.stderr + JSON.stringify(r.report)).not.toContain(line);
  });
});
