import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import YAML from 'yaml';
import signArtifact from '../../shared/actions/sign-artifact.js';
import { checkDecisions, checkPredicate, checkReproducible, checkSignature, checkSigningKey, checkSourceMatch, checkSubjects } from '../../shared/checks/artifacts.js';
import { compareSubjects } from '../../shared/artifacts/compare.js';
import type { Statement } from '../../shared/artifacts/statement.js';
import { artifactsSection } from '../../shared/policy/sections/artifacts.js';
import { src } from './helpers.js';

const st = (repository: string, ref: string, type = 'https://slsa.dev/provenance/v1'): Statement => ({
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name: 'a', digest: { sha256: '1'.repeat(64) } }],
  predicateType: type,
  predicate: { buildDefinition: { externalParameters: { repository, ref } }, runDetails: { builder: { id: 'https://github.com/actions/runner/github-hosted' } } },
});

describe('artifacts rules', () => {
  it.each([
    ['exact repository + tag glob', { repository: 'acme/app', ref: 'refs/tags/v*' }, 'acme/app', 'refs/tags/v1.0.0', ['pass', 'pass']],
    ['a branch is not a tag', { ref: ['refs/tags/v*'] }, 'acme/app', 'refs/heads/v1', ['fail']],
    ['suffix tricks do not match', { repository: 'acme/app' }, 'acme/app-evil', 'refs/tags/v1', ['fail']],
    ['* stays within a segment', { ref: 'refs/tags/*' }, 'acme/app', 'refs/tags/a/b', ['fail']],
    ['** crosses segments', { ref: 'refs/tags/**' }, 'acme/app', 'refs/tags/a/b', ['pass']],
    ['no Unicode folding', { repository: 'acme/app' }, 'acme/аpp', 'refs/tags/v1', ['fail']],
  ])('artifacts.predicate: %s', (_w, predicate, repo, ref, statuses) => {
    const r = checkPredicate({ predicate }, st(repo, ref), src);
    expect(r.map((c) => c.status)).toEqual(statuses);
    expect(r.every((c) => c.rule === 'artifacts.predicate' && c.policyPath!.startsWith('environments.production.artifacts.predicate'))).toBe(true);
  });

  it('artifacts.predicate: a non-provenance predicate type fails; no statement fails closed', () => {
    expect(checkPredicate(undefined, st('a/b', 'refs/tags/v1', 'https://example.com/other'), src)[0]!.status).toBe('fail');
    expect(checkPredicate(undefined, undefined, src, 'bad signature')[0]).toMatchObject({ status: 'fail', message: expect.stringContaining('bad signature') });
  });

  it.each([
    [undefined, { trusted: [] }, 'fail'],
    [{ signature: 'optional' as const }, { trusted: [] }, 'skip'],
    [undefined, { bundle: 'b.json', ok: true, keyHint: 'k', trusted: ['k'] }, 'pass'],
    [{ signature: 'optional' as const }, { bundle: 'b.json', ok: false, error: 'x', trusted: ['k'] }, 'fail'],
  ])('artifacts.signature %#', (policy, facts, status) => {
    const c = checkSignature(policy, facts, src);
    expect(c).toMatchObject({ rule: 'artifacts.signature', status, policyPath: 'environments.production.artifacts.signature', location: { file: 'ci-constraints.yml' } });
  });

  it.each([
    [{ given: false }, undefined, 'fail'],
    [{ given: false }, { signature: 'optional' as const }, 'skip'],
    [{ given: true, error: 'bad' }, { signature: 'optional' as const }, 'fail'],
    [{ given: true, hint: 'h', algorithm: 'ed25519' }, undefined, 'pass'],
  ])('artifacts.key %#', (facts, policy, status) => {
    expect(checkSigningKey(policy, facts, src)).toMatchObject({ rule: 'artifacts.key', status });
  });

  it.each([
    [{ error: 'gone' }, 'fail'],
    [{ subjects: [] }, 'fail'],
    [{ subjects: [{ name: 'a', digest: { sha256: 'f'.repeat(64) } }] }, 'pass'],
  ])('artifacts.subjects %#', (facts, status) => {
    expect(checkSubjects(facts, src)).toMatchObject({ rule: 'artifacts.subjects', status });
  });

  const signed = [{ name: 'a', digest: { sha256: '1'.repeat(64) } }, { name: 'b', digest: { sha256: '2'.repeat(64) } }];
  it.each([
    ['identical', [{ name: 'a', digest: { sha256: '1'.repeat(64) } }, { name: 'b', digest: { sha256: '2'.repeat(64) } }], 'required', 'pass'],
    ['one changed', [{ name: 'a', digest: { sha256: '9'.repeat(64) } }, { name: 'b', digest: { sha256: '2'.repeat(64) } }], 'required', 'fail'],
    ['one missing', [{ name: 'a', digest: { sha256: '1'.repeat(64) } }], 'required', 'fail'],
    ['one extra', [...signed, { name: 'c', digest: { sha256: '3'.repeat(64) } }], 'required', 'fail'],
    ['changed but optional', [{ name: 'a', digest: { sha256: '9'.repeat(64) } }], 'optional', 'skip'],
  ] as const)('artifacts.reproducible: %s', (_w, fresh, req, status) => {
    const comparison = compareSubjects(signed, fresh, new Map());
    expect(checkReproducible({ reproducible: req }, { comparison, baseline: 'old.json' }, src)).toMatchObject({ rule: 'artifacts.reproducible', status });
  });

  const cmp = (onlyInTarball: string[], changed: { path: string; tarball: string; git: string }[] = []) => ({ tarball: 't.tgz', tag: 'v1', prefix: 'x/', onlyInTarball, onlyInGit: [], changed, same: 3 });
  it.each([
    ['clean', { 'source-match': 'required' as const }, cmp([]), 'pass'],
    ['extra file', { 'source-match': 'required' as const }, cmp(['m4/build-to-host.m4']), 'fail'],
    ['allowed extra', { 'source-match': 'required' as const, 'source-allow-extra': ['configure', '**/Makefile.in'] }, cmp(['configure', 'lib/Makefile.in']), 'pass'],
    ['allowed glob does not cover m4', { 'source-match': 'required' as const, 'source-allow-extra': ['configure'] }, cmp(['configure', 'm4/x.m4']), 'fail'],
    ['changed file', {}, cmp([], [{ path: 'a.c', tarball: '1', git: '2' }]), 'fail'],
    ['optional mismatch', { 'source-match': 'optional' as const }, cmp(['evil']), 'skip'],
  ])('artifacts.source-match: %s', (_w, policy, comparison, status) => {
    expect(checkSourceMatch(policy, { comparison, requested: true }, src)).toMatchObject({ rule: 'artifacts.source-match', status });
  });

  const d = (action: string, decision = 'allow', mode = 'enforce') => ({ action, decision, mode, environment: 'production', violations: 0, report: `${action}.json` });
  it.each([
    ['none given, none required', undefined, { given: false }, 'skip'],
    ['none given, required', { decisions: ['security-gate' as const] }, { given: false }, 'fail'],
    ['all allow', { decisions: ['security-gate' as const] }, { given: true, decisions: [d('security-gate'), d('verify-trigger')] }, 'pass'],
    ['one deny', undefined, { given: true, decisions: [d('security-gate', 'deny')] }, 'fail'],
    ['audit mode allow is not proof', undefined, { given: true, decisions: [d('security-gate', 'allow', 'audit')] }, 'fail'],
    ['required action missing', { decisions: ['ip-guard' as const] }, { given: true, decisions: [d('security-gate')] }, 'fail'],
  ])('artifacts.decisions: %s', (_w, policy, facts, status) => {
    expect(checkDecisions(policy, facts, src)).toMatchObject({ rule: 'artifacts.decisions', status });
  });

  it('the policy section keeps v1 keys and accepts the additive ones', () => {
    expect(artifactsSection.safeParse({ signature: 'required', reproducible: 'required' }).success).toBe(true);
    expect(artifactsSection.safeParse({ 'public-keys': ['k.pem'], predicate: { repository: 'a/b', ref: ['refs/tags/v*'] }, decisions: ['security-gate'], 'source-match': 'required', 'source-allow-extra': ['configure'] }).success).toBe(true);
    expect(artifactsSection.safeParse({ predicate: { repo: 'a/b' } }).success).toBe(false);
    expect(artifactsSection.safeParse({ decisions: ['deploy'] }).success).toBe(false);
  });
});

describe('action.yml', () => {
  const doc = YAML.parse(readFileSync(new URL('../../actions/sign-artifact/action.yml', import.meta.url), 'utf8'));
  it('validates against the GitHub action schema', () => {
    const schema = JSON.parse(readFileSync(new URL('../../../shared/corpus/schemas/github-action.json', import.meta.url), 'utf8'));
    const validate = new (AjvModule as unknown as typeof AjvModule.default)({ strict: false, allErrors: true }).compile(schema);
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
  });
  it('declares every module input with the same default, and the common ones', () => {
    for (const i of signArtifact.inputs) {
      expect(doc.inputs[i.name]).toBeDefined();
      expect(doc.inputs[i.name].default).toBe(i.default);
    }
    for (const n of ['policy', 'environment', 'mode']) expect(doc.inputs[n]).toBeDefined();
    for (const n of ['decision', 'violations', 'report', 'digest', 'digests', 'bundle', 'signature', 'signatures', 'decisions-bundle', 'key-id']) expect(doc.outputs[n].description).toBeTruthy();
    expect(doc.runs).toEqual({ using: 'node24', main: '../../dist/sign-artifact.js' });
  });
});
