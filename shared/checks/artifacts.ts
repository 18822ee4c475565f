/**
 * Pure rules of sign-artifact: facts in, CheckResults out. No I/O, no environment, no clock.
 * Crypto and file reading happen in shared/artifacts/; these functions judge what it found.
 */
import picomatch from 'picomatch';
import type { CheckResult } from '../decision.js';
import type { RuleSource } from '../policy/resolve.js';
import type { ArtifactsPolicy } from '../policy/sections/artifacts.js';
import { comparisonLines, comparisonOk, type SubjectComparison, type SubjectFact } from '../artifacts/compare.js';
import type { SourceComparison } from '../artifacts/source.js';
import type { ProvenancePredicate, Statement } from '../artifacts/statement.js';
import { SLSA_PROVENANCE_V1 } from '../artifacts/statement.js';

export const RULES = {
  subjects: 'artifacts.subjects',
  key: 'artifacts.key',
  signature: 'artifacts.signature',
  subjectDigest: 'artifacts.subject-digest',
  predicate: 'artifacts.predicate',
  reproducible: 'artifacts.reproducible',
  sourceMatch: 'artifacts.source-match',
  decisions: 'artifacts.decisions',
} as const;

type Src = RuleSource;

function result(rule: string, status: CheckResult['status'], message: string, src: ReturnType<Src>, extra: { seen?: unknown; required?: unknown } = {}): CheckResult {
  const r: CheckResult = { rule, status, message, policyPath: src.policyPath };
  if (src.location) r.location = src.location;
  if (extra.seen !== undefined) r.seen = extra.seen;
  if (extra.required !== undefined) r.required = extra.required;
  return r;
}

/** A rule is enforced unless the policy says "optional": running a command that checks it asks for it. */
export function enforced(value: 'required' | 'optional' | undefined): boolean {
  return value !== 'optional';
}

/** artifacts.subjects: every artifact named could be read and digested. */
export function checkSubjects(facts: { subjects?: readonly SubjectFact[]; error?: string }, src: Src): CheckResult {
  const where = src(['artifacts']);
  if (facts.error !== undefined || !facts.subjects) {
    return result(RULES.subjects, 'fail', `artifacts could not be digested: ${facts.error ?? 'no subjects'}`, where, { required: 'readable, stable files, directories or checksums' });
  }
  if (facts.subjects.length === 0) {
    return result(RULES.subjects, 'fail', 'no artifacts to sign: the subjects and checksums inputs are empty', where, { seen: [], required: 'at least one subject' });
  }
  const seen = facts.subjects.map((s) => `${s.name} sha256:${s.digest.sha256}`);
  return result(RULES.subjects, 'pass', `${facts.subjects.length} artifact(s) digested`, where, { seen });
}

/** artifacts.key (sign): a usable signing key was given when a signature is required. */
export function checkSigningKey(policy: ArtifactsPolicy | undefined, facts: { hint?: string; algorithm?: string; error?: string; given: boolean }, src: Src): CheckResult {
  const where = src(['artifacts', 'signature']);
  if (facts.error !== undefined) return result(RULES.key, 'fail', `signing key unusable: ${facts.error}`, where, { required: 'an ECDSA P-256 or Ed25519 private key in PEM' });
  if (!facts.given) {
    if (!enforced(policy?.signature)) return result(RULES.key, 'skip', 'no signing key given and artifacts.signature is optional: digests only, nothing signed', where, { required: 'optional' });
    return result(RULES.key, 'fail', 'no signing key given but artifacts.signature is required', where, { seen: 'no key', required: 'key, key-env or key-file' });
  }
  return result(RULES.key, 'pass', `signing with ${facts.algorithm} key ${facts.hint}`, where, { seen: facts.hint });
}

/** artifacts.signature (verify): the bundle's DSSE signature verifies with a trusted key. */
export function checkSignature(
  policy: ArtifactsPolicy | undefined,
  facts: { bundle?: string; ok?: boolean; keyHint?: string; error?: string; trusted: readonly string[] },
  src: Src,
): CheckResult {
  const where = src(['artifacts', 'signature']);
  if (facts.bundle === undefined) {
    if (!enforced(policy?.signature)) return result(RULES.signature, 'skip', 'no bundle given and artifacts.signature is optional', where, { required: 'optional' });
    return result(RULES.signature, 'fail', 'no bundle given to verify but artifacts.signature is required', where, { required: 'a .sigstore.json bundle' });
  }
  if (facts.ok === true) {
    return result(RULES.signature, 'pass', `${facts.bundle}: signature verified with trusted key ${facts.keyHint}`, where, { seen: facts.keyHint, required: facts.trusted });
  }
  return result(RULES.signature, 'fail', `${facts.bundle}: ${facts.error ?? 'signature not verified'}`, where, { seen: facts.keyHint ?? 'unverified', required: facts.trusted.length > 0 ? facts.trusted : 'a trusted public key' });
}

/** artifacts.subject-digest (verify): the files on disk are the bytes that were signed. */
export function checkSubjectDigests(c: SubjectComparison | undefined, bundle: string, src: Src, error?: string): CheckResult {
  const where = src(['artifacts', 'signature']);
  if (!c) return result(RULES.subjectDigest, 'fail', `subject digests of ${bundle} were not checked: ${error ?? 'no verified statement'}`, where, { required: 'files matching the signed digests' });
  if (comparisonOk(c, true)) {
    return result(RULES.subjectDigest, 'pass', `${c.matched.length} subject(s) match the signed digests`, where, { seen: c.matched });
  }
  const diff = comparisonLines(c);
  return result(RULES.subjectDigest, 'fail', `files differ from what ${bundle} signed:\n${diff.join('\n')}`, where, {
    seen: { changed: c.changed.map((x) => x.name), missing: c.missing.map((x) => x.name) },
    required: 'every signed subject present with its signed digest',
  });
}

function matcher(patterns: string | readonly string[]): (v: string) => boolean {
  const list = typeof patterns === 'string' ? [patterns] : [...patterns];
  const m = picomatch(list, { dot: true, nobrace: true, noextglob: true });
  return (v) => list.includes(v) || m(v);
}

/** artifacts.predicate (verify): provenance type and fields match the policy's constraints. */
export function checkPredicate(policy: ArtifactsPolicy | undefined, statement: Statement | undefined, src: Src, error?: string): CheckResult[] {
  const where = src(['artifacts', 'predicate']);
  if (!statement) return [result(RULES.predicate, 'fail', `predicate not checked: ${error ?? 'no verified statement'}`, where, { required: policy?.predicate ?? SLSA_PROVENANCE_V1 })];
  if (statement.predicateType !== SLSA_PROVENANCE_V1) {
    return [result(RULES.predicate, 'fail', `predicate type is ${statement.predicateType}, expected ${SLSA_PROVENANCE_V1}`, where, { seen: statement.predicateType, required: SLSA_PROVENANCE_V1 })];
  }
  const p = statement.predicate as Partial<ProvenancePredicate>;
  const seen = {
    repository: p.buildDefinition?.externalParameters?.repository,
    ref: p.buildDefinition?.externalParameters?.ref,
    'builder-id': p.runDetails?.builder?.id,
  };
  const c = policy?.predicate;
  if (!c || (c.repository === undefined && c.ref === undefined && c['builder-id'] === undefined)) {
    return [result(RULES.predicate, 'pass', `SLSA provenance v1 from ${seen.repository ?? '?'} at ${seen.ref ?? '?'} (no predicate constraints in the policy)`, where, { seen })];
  }
  const out: CheckResult[] = [];
  for (const field of ['repository', 'ref', 'builder-id'] as const) {
    const want = c[field];
    if (want === undefined) continue;
    const value = seen[field];
    const ok = typeof value === 'string' && matcher(want)(value);
    out.push(
      result(
        RULES.predicate,
        ok ? 'pass' : 'fail',
        ok ? `provenance ${field} ${value} is allowed` : `provenance ${field} is ${JSON.stringify(value ?? null)}, policy allows ${JSON.stringify(want)}`,
        src(['artifacts', 'predicate', field]),
        { seen: value ?? null, required: want },
      ),
    );
  }
  return out;
}

/** artifacts.reproducible: a fresh build's digests equal the previously signed ones. */
export function checkReproducible(
  policy: ArtifactsPolicy | undefined,
  facts: { comparison?: SubjectComparison; baseline?: string; error?: string },
  src: Src,
): CheckResult {
  const where = src(['artifacts', 'reproducible']);
  const must = enforced(policy?.reproducible);
  if (!facts.comparison) {
    if (!must) return result(RULES.reproducible, 'skip', `reproducibility not compared (${facts.error ?? 'no baseline'}) and artifacts.reproducible is optional`, where, { required: 'optional' });
    return result(RULES.reproducible, 'fail', `reproducibility could not be checked: ${facts.error ?? 'no baseline bundle given'}`, where, { required: 'a verified baseline bundle and the rebuilt artifacts' });
  }
  const c = facts.comparison;
  if (comparisonOk(c)) return result(RULES.reproducible, 'pass', `rebuild matches ${facts.baseline}: ${c.matched.length} subject(s) bit-for-bit identical`, where, { seen: c.matched });
  const diff = comparisonLines(c);
  const message = `rebuild differs from ${facts.baseline}:\n${diff.join('\n')}`;
  const seen = {
    changed: c.changed.map((x) => ({ name: x.name, expected: x.expected, actual: x.actual, ...(x.tree ? { added: x.tree.added, removed: x.tree.removed, changed: x.tree.changed.map((t) => t.path) } : {}) })),
    missing: c.missing.map((x) => x.name),
    extra: c.extra.map((x) => x.name),
  };
  if (!must) return result(RULES.reproducible, 'skip', `${message}\n(artifacts.reproducible is optional: not enforced)`, where, { seen, required: 'optional' });
  return result(RULES.reproducible, 'fail', message, where, { seen, required: 'identical digests for every signed subject' });
}

/** artifacts.source-match: the release tarball holds nothing that `git archive` of its tag lacks. */
export function checkSourceMatch(policy: ArtifactsPolicy | undefined, facts: { comparison?: SourceComparison; error?: string; requested: boolean }, src: Src): CheckResult {
  const where = src(['artifacts', 'source-match']);
  const must = policy?.['source-match'] === 'required' || (facts.requested && policy?.['source-match'] !== 'optional');
  if (!facts.comparison) {
    if (!must) return result(RULES.sourceMatch, 'skip', 'no release tarball to compare with its tag', where, { required: policy?.['source-match'] ?? 'not configured' });
    return result(RULES.sourceMatch, 'fail', `source check could not run: ${facts.error ?? 'give source-tarball and source-tag'}`, where, { required: 'a release tarball and its git tag' });
  }
  const c = facts.comparison;
  const { allowed, unexpected } = partitionExtra(c.onlyInTarball, policy?.['source-allow-extra'] ?? []);
  const seen = { onlyInTarball: unexpected, allowedExtra: allowed, changed: c.changed.map((x) => x.path), onlyInGit: c.onlyInGit, same: c.same };
  if (unexpected.length === 0 && c.changed.length === 0) {
    return result(RULES.sourceMatch, 'pass', `${c.tarball} matches git archive of ${c.tag} (${c.same} files identical${allowed.length ? `, ${allowed.length} allowed extra` : ''}${c.onlyInGit.length ? `, ${c.onlyInGit.length} only in git` : ''})`, where, { seen });
  }
  const lines = [
    ...unexpected.map((p) => `+ ${p} (only in the tarball)`),
    ...c.changed.map((x) => `~ ${x.path}: tarball ${x.tarball}, git ${x.git}`),
  ];
  const shown = lines.length > 50 ? [...lines.slice(0, 50), `… and ${lines.length - 50} more`] : lines;
  const status = must ? 'fail' : 'skip';
  return result(RULES.sourceMatch, status, `${c.tarball} differs from git archive of ${c.tag}:\n${shown.join('\n')}${must ? '' : '\n(artifacts.source-match is optional: not enforced)'}`, where, {
    seen,
    required: { onlyInTarball: policy?.['source-allow-extra'] ?? [], changed: [] },
  });
}

export interface BoundDecision {
  action: string;
  decision: string;
  mode: string;
  environment: string;
  violations: number;
  report: string;
}

/**
 * artifacts.decisions: reports bound to the artifact all allowed, in enforce mode, and every action
 * the policy lists is among them.
 */
export function checkDecisions(policy: ArtifactsPolicy | undefined, facts: { decisions?: readonly BoundDecision[]; error?: string; given: boolean }, src: Src): CheckResult {
  const where = src(['artifacts', 'decisions']);
  const required = policy?.decisions ?? [];
  if (facts.error !== undefined) return result(RULES.decisions, 'fail', `decision records unusable: ${facts.error}`, where, { required: required.length ? required : 'valid ci-constraints reports' });
  if (!facts.given || !facts.decisions) {
    if (required.length === 0) return result(RULES.decisions, 'skip', 'no decision records given', where);
    return result(RULES.decisions, 'fail', `no decision records given; the policy requires allow decisions of ${required.join(', ')}`, where, { seen: [], required });
  }
  const ds = facts.decisions;
  const bad = ds.filter((d) => d.decision !== 'allow' || d.mode !== 'enforce');
  const missing = required.filter((a) => !ds.some((d) => d.action === a));
  const seen = ds.map((d) => `${d.action}: ${d.decision} (${d.mode}, ${d.environment})`);
  if (bad.length > 0 || missing.length > 0) {
    const parts = [
      ...bad.map((d) => `${d.action} decided ${d.decision} in ${d.mode} mode (${d.violations} violation(s), ${d.report})`),
      ...missing.map((a) => `no decision of ${a}`),
    ];
    return result(RULES.decisions, 'fail', `decision records do not prove the checks passed: ${parts.join('; ')}`, where, { seen, required: required.length ? required.map((a) => `${a}: allow (enforce)`) : 'every bound decision: allow (enforce)' });
  }
  return result(RULES.decisions, 'pass', `${ds.length} decision record(s) bound, all allow: ${ds.map((d) => d.action).join(', ')}`, where, { seen, required: required.length ? required : undefined });
}

/** Split files only in the tarball into allowed (matching `allow` globs, e.g. generated `configure`) and not. */
export function partitionExtra(paths: readonly string[], allow: readonly string[]): { allowed: string[]; unexpected: string[] } {
  const isMatch = allow.length > 0 ? picomatch([...allow], { dot: true }) : () => false;
  const allowed: string[] = [];
  const unexpected: string[] = [];
  for (const p of paths) (isMatch(p) ? allowed : unexpected).push(p);
  return { allowed, unexpected };
}
