import { createPublicKey } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import signArtifact from '../../shared/actions/sign-artifact.js';
import type { ActionOutcome } from '../../shared/actions/types.js';
import { decide } from '../../shared/decision.js';
import { signStatement } from '../../shared/artifacts/bundle.js';
import { signingKeyFromPem } from '../../shared/artifacts/keys.js';
import { CONTEXTS, keyPair, request, run, tmp, write, type KeyPair } from './helpers.js';

/** Independent verifier: @sigstore/verify with a public-key trust policy, no tlog, no timestamps. */
function sigstoreVerify(bundlePath: string, publicPem: string, hint: string): void {
  const trust = toTrustMaterial(
    { certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [] } as unknown as Parameters<typeof toTrustMaterial>[0],
    (h: string) => {
      if (h !== hint) throw new Error(`unknown key hint ${h}`);
      return { publicKey: createPublicKey(publicPem), validFor: () => true };
    },
  );
  const verifier = new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
  verifier.verify(toSignedEntity(bundleFromJSON(JSON.parse(readFileSync(bundlePath, 'utf8')))));
}

function failed(o: ActionOutcome): string[] {
  return o.checks.filter((c) => c.status === 'fail').map((c) => c.rule);
}

function byRule(o: ActionOutcome, rule: string) {
  return o.checks.filter((c) => c.rule === rule);
}

describe.each(['ecdsa-p256', 'ed25519'] as const)('sign-artifact with %s', (alg) => {
  let dir: string;
  let keys: KeyPair;
  let other: KeyPair;
  beforeAll(() => {
    dir = tmp();
    keys = keyPair(alg, dir);
    other = keyPair(alg, dir, `${alg}-other`);
  });

  describe.each(['github', 'gitlab', 'circleci'] as const)('on %s', (platformName) => {
    let work: string;
    let signed: ActionOutcome;
    const context = CONTEXTS[platformName];
    beforeAll(async () => {
      work = tmp();
      write(work, {
        'dist/app.tgz': Buffer.alloc(300_000, 7),
        'dist/app.sha': 'x',
        'site/index.html': '<h1>hi</h1>',
        'site/js/app.js': 'console.log(1)',
        'site/bin/run.sh': '#!/bin/sh\n',
        'reports/gate.json': JSON.stringify({ action: 'security-gate', decision: 'allow', environment: 'production', mode: 'enforce', policy: { source: 'file:ci-constraints.yml', sha256: 'ab'.repeat(32) }, violations: [], checks: [{ rule: 'gate.sarif.max', status: 'pass', message: 'ok' }], notes: [] }),
      });
      run('chmod', ['755', join(work, 'site/bin/run.sh')]);
      const { req, platform } = request({
        context,
        inputs: { 'working-directory': work, subjects: 'dist/*.tgz\nsite', 'key-env': 'SIGNING_KEY', 'decision-reports': 'reports/gate.json', 'hash-algorithms': 'sha256,sha512' },
        variables: { SIGNING_KEY: keys.privatePem },
        artifacts: { signature: 'required' },
      });
      signed = await signArtifact.commands.run(req);
      // The key material was masked and never logged.
      expect(platform.masked).toContain(keys.privatePem);
      expect(platform.logs.join('\n')).not.toContain('PRIVATE KEY');
    });

    it('signs: allow, outputs digest(s), bundle, signature paths', () => {
      expect(failed(signed)).toEqual([]);
      expect(decide(signed.checks)).toBe('allow');
      const digests = JSON.parse(signed.outputs!.digests!) as Record<string, string>;
      expect(Object.keys(digests).sort()).toEqual(['dist/app.tgz', 'site/']);
      const sha = run('sha256sum', [join(work, 'dist/app.tgz')]).out.split(' ')[0];
      expect(digests['dist/app.tgz']).toBe(`sha256:${sha}`);
      expect(signed.outputs!.bundle).toMatch(/provenance\.sigstore\.json$/);
      expect(signed.outputs!.signatures!.split('\n').length).toBe(2);
    });

    it('the statement is in-toto v1 + SLSA provenance v1 built from the context', () => {
      const bundle = JSON.parse(readFileSync(signed.outputs!.bundle!, 'utf8'));
      expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
      expect(bundle.verificationMaterial.publicKey.hint).toBe(signed.outputs!['key-id']);
      expect(bundle.verificationMaterial.tlogEntries ?? []).toEqual([]); // key-based: no transparency log
      const st = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString());
      expect(st._type).toBe('https://in-toto.io/Statement/v1');
      expect(st.predicateType).toBe('https://slsa.dev/provenance/v1');
      expect(st.predicate.buildDefinition.externalParameters).toMatchObject({ repository: context.repository, ref: context.ref, event: context.event });
      expect(st.predicate.buildDefinition.resolvedDependencies[0].digest.gitCommit).toBe(context.sha);
      expect(st.predicate.runDetails.metadata.invocationId).toContain(context.runId);
      expect(st.subject.find((s: { name: string }) => s.name === 'dist/app.tgz').digest.sha512).toMatch(/^[0-9a-f]{128}$/);
      expect(st.predicate.runDetails.byproducts[0].name).toBe('manifest:site/');
    });

    it('@sigstore/verify accepts both bundles with the public key', () => {
      sigstoreVerify(signed.outputs!.bundle!, keys.publicPem, signed.outputs!['key-id']!);
      sigstoreVerify(signed.outputs!['decisions-bundle']!, keys.publicPem, signed.outputs!['key-id']!);
      expect(() => sigstoreVerify(signed.outputs!.bundle!, other.publicPem, signed.outputs!['key-id']!)).toThrow();
    });

    it('openssl verifies the plain signatures (file and directory manifest)', () => {
      const sigs = signed.outputs!.signatures!.split('\n');
      const fileSig = sigs.find((s) => s.endsWith('app.tgz.sig'))!;
      const manifestSig = sigs.find((s) => s.endsWith('site.sha256.sig'))!;
      const verify = (sig: string, file: string, pub: string) =>
        alg === 'ecdsa-p256'
          ? run('openssl', ['dgst', '-sha256', '-verify', pub, '-signature', sig, file])
          : // openssl 3.0 dgst cannot do Ed25519; pkeyutl -rawin verifies pure EdDSA over the file.
            run('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', '-in', file, '-sigfile', sig]);
      expect(verify(fileSig, join(work, 'dist/app.tgz'), keys.pubFile)).toMatchObject({ code: 0 });
      expect(verify(manifestSig, manifestSig.replace(/\.sig$/, ''), keys.pubFile)).toMatchObject({ code: 0 });
      expect(verify(fileSig, join(work, 'dist/app.tgz'), other.pubFile).code).not.toBe(0);
      // The signed manifest checks every file of the directory with sha256sum -c.
      expect(run('sha256sum', ['-c', manifestSig.replace(/\.sig$/, '')], join(work, 'site')).code).toBe(0);
    });

    it('verify allows the untouched artifacts with the policy constraints', async () => {
      const { req } = request({
        context,
        inputs: { 'working-directory': work, bundle: signed.outputs!.bundle!, 'decisions-bundle': signed.outputs!['decisions-bundle']! },
        artifacts: { signature: 'required', 'public-keys': [keys.pubFile], predicate: { repository: context.repository, ref: 'refs/tags/v*' }, decisions: ['security-gate'] },
      });
      const v = await signArtifact.commands.verify!(req);
      expect(failed(v)).toEqual([]);
      expect(v.checks.map((c) => c.rule)).toEqual(expect.arrayContaining(['artifacts.signature', 'artifacts.subject-digest', 'artifacts.predicate', 'artifacts.decisions']));
    });

    it('reproduce allows an identical rebuild even with new mtimes', async () => {
      utimesSync(join(work, 'site/index.html'), new Date('2001-01-01'), new Date('2001-01-01'));
      const { req } = request({ context, inputs: { 'working-directory': work, bundle: signed.outputs!.bundle!, 'public-key': keys.publicPem }, artifacts: { reproducible: 'required' } });
      const r = await signArtifact.commands.reproduce!(req);
      expect(failed(r)).toEqual([]);
      expect(byRule(r, 'artifacts.reproducible')[0]!.status).toBe('pass');
    });
  });

  describe('denials', () => {
    let work: string;
    let bundlePath: string;
    let keyId: string;
    beforeEach(async () => {
      work = tmp();
      write(work, { 'dist/app.bin': 'release bytes', 'site/a.txt': 'a', 'site/b/c.txt': 'c' });
      const { req } = request({ inputs: { 'working-directory': work, subjects: 'dist/app.bin\nsite', 'key-file': keys.privFile } });
      const o = await signArtifact.commands.run(req);
      expect(failed(o)).toEqual([]);
      bundlePath = o.outputs!.bundle!;
      keyId = o.outputs!['key-id']!;
    });
    const verifyWith = async (inputs: Record<string, string>, artifacts: Record<string, unknown> = {}) => {
      const { req } = request({ inputs: { 'working-directory': work, bundle: bundlePath, 'public-key': keys.pubFile, ...inputs }, artifacts: { signature: 'required', ...artifacts } });
      return signArtifact.commands.verify!(req);
    };

    it('tampered file: artifacts.subject-digest', async () => {
      writeFileSync(join(work, 'dist/app.bin'), 'release bytes + backdoor');
      const v = await verifyWith({});
      expect(failed(v)).toEqual(['artifacts.subject-digest']);
      expect(byRule(v, 'artifacts.subject-digest')[0]!.message).toContain('~ dist/app.bin');
    });

    it('missing file: artifacts.subject-digest names it', async () => {
      run('rm', [join(work, 'dist/app.bin')]);
      const v = await verifyWith({});
      expect(failed(v)).toEqual(['artifacts.subject-digest']);
      expect(byRule(v, 'artifacts.subject-digest')[0]!.message).toMatch(/- dist\/app\.bin .*does not exist/);
    });

    it('wrong key: artifacts.signature', async () => {
      const v = await verifyWith({ 'public-key': other.pubFile });
      expect(failed(v)).toContain('artifacts.signature');
      expect(byRule(v, 'artifacts.signature')[0]!.message).toContain('not a trusted key');
      expect(decide(v.checks)).toBe('deny');
    });

    it('wrong key claiming the right hint: artifacts.signature', async () => {
      const b = JSON.parse(readFileSync(bundlePath, 'utf8'));
      const forged = signingKeyFromPem(other.privatePem, 'other');
      const st = JSON.parse(Buffer.from(b.dsseEnvelope.payload, 'base64').toString());
      const nb = signStatement(st, forged);
      nb.verificationMaterial.publicKey = { hint: keyId };
      writeFileSync(bundlePath, JSON.stringify(nb));
      const v = await verifyWith({});
      expect(byRule(v, 'artifacts.signature')[0]).toMatchObject({ status: 'fail' });
      expect(byRule(v, 'artifacts.signature')[0]!.message).toContain('does not verify');
    });

    it.each([
      ['signature bytes', (b: any) => { const s = Buffer.from(b.dsseEnvelope.signatures[0].sig, 'base64'); s.writeUInt8(s.readUInt8(s.length - 5) ^ 1, s.length - 5); b.dsseEnvelope.signatures[0].sig = s.toString('base64'); }],
      ['payload type', (b: any) => { b.dsseEnvelope.payloadType = 'text/plain'; }],
      ['media type', (b: any) => { b.mediaType = 'application/vnd.dev.sigstore.bundle+json;version=0.1'; }],
      ['subject digest in payload', (b: any) => { const st = JSON.parse(Buffer.from(b.dsseEnvelope.payload, 'base64').toString()); st.subject[0].digest.sha256 = '0'.repeat(64); b.dsseEnvelope.payload = Buffer.from(JSON.stringify(st)).toString('base64'); }],
      ['predicate (repository) in payload', (b: any) => { const st = JSON.parse(Buffer.from(b.dsseEnvelope.payload, 'base64').toString()); st.predicate.buildDefinition.externalParameters.repository = 'evil/app'; b.dsseEnvelope.payload = Buffer.from(JSON.stringify(st)).toString('base64'); }],
      ['no signatures', (b: any) => { b.dsseEnvelope.signatures = []; }],
    ])('altered bundle (%s): artifacts.signature', async (_what, mutate) => {
      const b = JSON.parse(readFileSync(bundlePath, 'utf8'));
      mutate(b);
      writeFileSync(bundlePath, JSON.stringify(b));
      const v = await verifyWith({});
      expect(byRule(v, 'artifacts.signature')[0]!.status).toBe('fail');
      expect(decide(v.checks)).toBe('deny');
      // Nothing from an unverified statement is trusted.
      expect(byRule(v, 'artifacts.subject-digest')[0]!.status).toBe('fail');
    });

    it.each([
      ['not JSON', '{"mediaType": '],
      ['empty', ''],
      ['an array', '[]'],
      ['not a bundle', '{"hello": "world"}'],
    ])('corrupted bundle (%s): artifacts.signature with a clear error, no crash', async (_what, text) => {
      writeFileSync(bundlePath, text);
      const v = await verifyWith({});
      const c = byRule(v, 'artifacts.signature')[0]!;
      expect(c.status).toBe('fail');
      expect(c.message).toMatch(/bundle .* (is not valid JSON|is not a JSON object|is not a valid Sigstore bundle)/);
    });

    it('validly signed but predicate outside the policy: artifacts.predicate', async () => {
      const v = await verifyWith({}, { predicate: { repository: 'acme/other', ref: ['refs/heads/main'] } });
      expect(failed(v)).toEqual(['artifacts.predicate', 'artifacts.predicate']);
      const c = byRule(v, 'artifacts.predicate');
      expect(c[0]).toMatchObject({ seen: 'acme/app', required: 'acme/other', policyPath: 'environments.production.artifacts.predicate.repository' });
      expect(c[1]).toMatchObject({ seen: 'refs/tags/v1.2.3' });
    });

    it('reproduce: a rebuilt directory with added/removed/changed files is denied even though the signature is valid', async () => {
      writeFileSync(join(work, 'site/a.txt'), 'A');
      run('rm', [join(work, 'site/b/c.txt')]);
      write(work, { 'site/new.js': 'evil()' });
      const { req } = request({ inputs: { 'working-directory': work, bundle: bundlePath, 'public-key': keys.pubFile }, artifacts: { reproducible: 'required' } });
      const r = await signArtifact.commands.reproduce!(req);
      expect(byRule(r, 'artifacts.signature')[0]!.status).toBe('pass');
      const c = byRule(r, 'artifacts.reproducible')[0]!;
      expect(c.status).toBe('fail');
      expect(c.seen).toMatchObject({ changed: [{ name: 'site/', added: ['site/new.js'].map((p) => p.replace('site/', '')), removed: ['b/c.txt'], changed: ['a.txt'] }] });
      expect(c.message).toContain('+ new.js (added)');
    });

    it('reproduce: reproducible optional reports but does not deny', async () => {
      writeFileSync(join(work, 'dist/app.bin'), 'different');
      const { req } = request({ inputs: { 'working-directory': work, bundle: bundlePath, 'public-key': keys.pubFile }, artifacts: { reproducible: 'optional' } });
      const r = await signArtifact.commands.reproduce!(req);
      expect(byRule(r, 'artifacts.reproducible')[0]).toMatchObject({ status: 'skip' });
    });

    it('reproduce without a baseline fails closed', async () => {
      const { req } = request({ inputs: { 'working-directory': work, 'public-key': keys.pubFile }, artifacts: { reproducible: 'required' } });
      const r = await signArtifact.commands.reproduce!(req);
      expect(failed(r)).toEqual(['artifacts.reproducible']);
    });

    it('the GitHub action input command=verify dispatches to verify', async () => {
      const { req } = request({ inputs: { command: 'verify', 'working-directory': work, bundle: bundlePath, 'public-key': keys.pubFile } });
      const v = await signArtifact.commands.run(req);
      expect(failed(v)).toEqual([]);
      expect(v.checks.map((c) => c.rule)).toContain('artifacts.subject-digest');
    });
  });
});

describe('decision records', () => {
  it('a deny report blocks signing: artifacts.decisions, nothing written', async () => {
    const dir = tmp();
    const keys = keyPair('ed25519', dir);
    write(dir, {
      'a.bin': 'x',
      'trigger.json': JSON.stringify({ action: 'verify-trigger', decision: 'deny', environment: 'production', mode: 'enforce', policy: { source: 'f', sha256: '00' }, violations: [{ rule: 'trigger.refs', status: 'fail', message: 'no' }], checks: [], notes: [] }),
    });
    const { req } = request({ inputs: { 'working-directory': dir, subjects: 'a.bin', 'key-file': keys.privFile, 'decision-reports': 'trigger.json' } });
    const o = await signArtifact.commands.run(req);
    expect(failed(o)).toEqual(['artifacts.decisions']);
    expect(o.outputs!.bundle).toBeUndefined();
    expect(run('ls', [join(dir, 'ci-constraints-signatures')]).code).not.toBe(0);
  });

  it.each([
    ['not JSON', 'nope'],
    ['not a report', '{"action":"deploy","decision":"allow"}'],
  ])('an invalid report (%s) denies artifacts.decisions', async (_w, text) => {
    const dir = tmp();
    const keys = keyPair('ecdsa-p256', dir);
    write(dir, { 'a.bin': 'x', 'r.json': text });
    const { req } = request({ inputs: { 'working-directory': dir, subjects: 'a.bin', 'key-file': keys.privFile, 'decision-reports': 'r.json' } });
    const o = await signArtifact.commands.run(req);
    expect(failed(o)).toEqual(['artifacts.decisions']);
  });

  it('verify: a policy requiring decisions denies when none are bound', async () => {
    const dir = tmp();
    const keys = keyPair('ecdsa-p256', dir);
    write(dir, { 'a.bin': 'x' });
    const s = await signArtifact.commands.run(request({ inputs: { 'working-directory': dir, subjects: 'a.bin', 'key-file': keys.privFile } }).req);
    const v = await signArtifact.commands.verify!(request({ inputs: { 'working-directory': dir, bundle: s.outputs!.bundle!, 'public-key': keys.publicPem }, artifacts: { decisions: ['security-gate'] } }).req);
    expect(failed(v)).toEqual(['artifacts.decisions']);
  });
});

describe('sign: bad input denies, never crashes', () => {
  let dir: string;
  let keys: KeyPair;
  beforeAll(() => {
    dir = tmp();
    keys = keyPair('ecdsa-p256', dir);
    write(dir, { 'a.bin': 'x' });
    mkdirSync(join(dir, 'loop'));
  });
  it.each([
    ['missing file', { subjects: 'nope.bin' }, 'artifacts.subjects', /does not exist/],
    ['empty glob', { subjects: 'dist/*.whl' }, 'artifacts.subjects', /matched no files/],
    ['no subjects', { subjects: '' }, 'artifacts.subjects', /no artifacts/],
    ['missing key file', { subjects: 'a.bin', 'key-file': 'missing.pem' }, 'artifacts.key', /does not exist/],
    ['empty key env', { subjects: 'a.bin', 'key-env': 'NOPE' }, 'artifacts.key', /NOPE.*empty or not set/],
    ['public key as signing key', { subjects: 'a.bin', 'key-file': 'PUB' }, 'artifacts.key', /public key/],
    ['two key sources', { subjects: 'a.bin', 'key-file': 'x', key: 'y' }, 'artifacts.key', /one of key, key-env, key-file/],
    ['algorithm mismatch', { subjects: 'a.bin', 'key-file': 'PRIV', algorithm: 'ed25519' }, 'artifacts.key', /requested/],
  ])('%s', async (_w, inputs, rule, msg) => {
    const resolved = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v === 'PUB' ? keys.pubFile : v === 'PRIV' ? keys.privFile : v]));
    const { req, platform } = request({ inputs: { 'working-directory': dir, ...resolved } });
    const o = await signArtifact.commands.run(req);
    const f = o.checks.filter((c) => c.status === 'fail');
    expect(f.map((c) => c.rule)).toContain(rule);
    expect(f.find((c) => c.rule === rule)!.message).toMatch(msg);
    expect(decide(o.checks)).toBe('deny');
    expect(o.outputs?.bundle).toBeUndefined();
    expect(platform.logs.join('')).not.toContain('PRIVATE KEY');
  });

  it('no key with signature required denies; optional gives digests only', async () => {
    const o1 = await signArtifact.commands.run(request({ inputs: { 'working-directory': dir, subjects: 'a.bin' }, artifacts: { signature: 'required' } }).req);
    expect(failed(o1)).toEqual(['artifacts.key']);
    const o2 = await signArtifact.commands.run(request({ inputs: { 'working-directory': dir, subjects: 'a.bin' }, artifacts: { signature: 'optional' } }).req);
    expect(failed(o2)).toEqual([]);
    expect(o2.outputs!.digest).toMatch(/^sha256:/);
    expect(o2.outputs!.bundle).toBeUndefined();
  });
});
