/**
 * The three sign-artifact flows (sign, verify, reproduce) plus the source check: I/O here, judgement
 * in shared/checks/artifacts.ts. Every failure becomes a failed check (fail closed), never a throw
 * the caller has to catch, except programming errors.
 */
import { createHash, type Sign } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { PipelineContext } from '../context/types.js';
import type { CheckResult } from '../decision.js';
import type { Logger } from '../platform/types.js';
import type { RuleSource } from '../policy/resolve.js';
import type { ArtifactsPolicy } from '../policy/sections/artifacts.js';
import {
  RULES,
  checkDecisions,
  checkPredicate,
  checkReproducible,
  checkSignature,
  checkSigningKey,
  checkSourceMatch,
  checkSubjectDigests,
  checkSubjects,
  enforced,
  type BoundDecision,
} from '../checks/artifacts.js';
import {
  ED25519_PLAIN_LIMIT,
  finishStreamingSigner,
  parseBundle,
  signBytes,
  signFileEd25519,
  signStatement,
  streamingSigner,
  verifyParsedBundle,
  type ParsedBundle,
} from './bundle.js';
import { compareSubjects, type SubjectComparison, type SubjectFact } from './compare.js';
import { formatBytes, digestFile, type HashAlgorithm, type Progress } from './digest.js';
import { ArtifactError, fsError } from './errors.js';
import type { SigningKey, VerifyKey } from './keys.js';
import { loadVerifyKeys } from './keys.js';
import { compareSource, type SourceComparison } from './source.js';
import {
  DECISIONS_PREDICATE,
  decisionsStatement,
  manifestsOf,
  parseDecisionReport,
  provenanceStatement,
  type DecisionsPredicate,
  type Statement,
} from './statement.js';
import { resolveChecksumSubjects, resolveSubjects, type Subject } from './subjects.js';
import { digestTree, manifestToChecksums } from './tree.js';

export interface FlowEnv {
  context: PipelineContext;
  policy: ArtifactsPolicy | undefined;
  src: RuleSource;
  log: Logger;
  cwd: string;
  /**
   * Base of the file paths the policy names (artifacts.public-keys): the workspace the policy was
   * written for, not the step's working-directory. Default: cwd.
   */
  policyRoot?: string;
}

export interface FlowResult {
  checks: CheckResult[];
  notes: string[];
  outputs: Record<string, string>;
  details: Record<string, unknown>;
  summary?: string;
}

function message(err: unknown): string {
  if (err instanceof ArtifactError) return err.hint ? `${err.message} (fix: ${err.hint})` : err.message;
  return err instanceof Error ? err.message : String(err);
}

function progress(log: Logger): (p: Progress) => void {
  return (p) => log.info(`hashing ${p.path}: ${formatBytes(p.bytes)} of ${formatBytes(p.total)} (${p.total ? Math.floor((100 * p.bytes) / p.total) : 100}%)`);
}

export interface SignOptions {
  subjects: string[];
  checksums: string[];
  algorithms: HashAlgorithm[];
  followSymlinks: boolean;
  /** The loaded key, or the error loading it; undefined when no key was given. */
  key?: SigningKey;
  keyError?: string;
  outputDir: string;
  bundlePath?: string;
  decisionsBundlePath?: string;
  decisionReports: string[];
  plainSignatures: boolean;
}

function subjectTable(subjects: readonly Subject[]): string {
  const rows = subjects.map((s) => `| \`${s.name}\` | ${s.kind}${s.manifest ? ` (${s.manifest.files.length} files)` : ''} | \`sha256:${s.digest.sha256}\` |`);
  return ['| subject | kind | digest |', '|---|---|---|', ...rows].join('\n');
}

function outPath(outputDir: string, name: string): string {
  const safe = name.replace(/\/$/, '').replace(/^(\.\.\/)+/, '').replace(/^\/+/, '');
  return join(outputDir, safe);
}

async function writeOut(path: string, data: string | Buffer): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data);
  } catch (err) {
    throw fsError(err, path, 'output file');
  }
}

/** Sign: digest subjects, build the provenance (and decisions) statements, write bundles and plain signatures. */
export async function signFlow(env: FlowEnv, opts: SignOptions): Promise<FlowResult> {
  const { log, src } = env;
  const res: FlowResult = { checks: [], notes: [], outputs: {}, details: {} };
  const keyCheck = checkSigningKey(env.policy, opts.keyError !== undefined ? { error: opts.keyError, given: true } : opts.key ? { given: true, hint: opts.key.hint, algorithm: opts.key.algorithm } : { given: false }, src);
  res.checks.push(keyCheck);
  const key = keyCheck.status === 'pass' ? opts.key : undefined;

  const signers = new Map<string, Sign>();
  let subjects: Subject[] | undefined;
  let subjectError: string | undefined;
  try {
    const common = { cwd: env.cwd, algorithms: opts.algorithms, followSymlinks: opts.followSymlinks, onProgress: progress(log) };
    subjects = [
      ...(await resolveSubjects(opts.subjects, {
        ...common,
        sinksFor: (path) => {
          if (!key || !opts.plainSignatures) return undefined;
          const s = streamingSigner(key);
          if (!s) return undefined;
          signers.set(path, s);
          return [s];
        },
      })),
      ...(await resolveChecksumSubjects(opts.checksums, common)),
    ];
  } catch (err) {
    subjectError = message(err);
  }
  res.checks.push(checkSubjects(subjectError !== undefined ? { error: subjectError } : { subjects: subjects ?? [] }, src));

  // Decision records: read and validate every report before anything is signed.
  const reports: { name: string; sha256: string; decision: import('../decision.js').Decision }[] = [];
  let decisionError: string | undefined;
  for (const file of opts.decisionReports) {
    try {
      const text = await readText(env, file, 'decision report');
      reports.push({ name: file, sha256: createHash('sha256').update(text).digest('hex'), decision: parseDecisionReport(text, file) });
    } catch (err) {
      decisionError = message(err);
      break;
    }
  }
  const bound: BoundDecision[] = reports.map((r) => ({ action: r.decision.action, decision: r.decision.decision, mode: r.decision.mode, environment: r.decision.environment, violations: r.decision.violations.length, report: r.name }));
  res.checks.push(checkDecisions(env.policy, decisionError !== undefined ? { error: decisionError, given: true } : { decisions: bound, given: opts.decisionReports.length > 0 }, src));

  if (subjects) {
    res.outputs.digests = JSON.stringify(Object.fromEntries(subjects.map((s) => [s.name, `sha256:${s.digest.sha256}`])));
    if (subjects[0]) res.outputs.digest = `sha256:${subjects[0].digest.sha256}`;
    res.details.subjects = subjects.map((s) => ({ name: s.name, kind: s.kind, digest: s.digest, ...(s.manifest ? { files: s.manifest.files.length } : {}) }));
    res.summary = subjectTable(subjects);
  }
  if (res.checks.some((c) => c.status === 'fail')) {
    res.notes.push('nothing was signed: a check before signing failed');
    return res;
  }
  if (!key || !subjects) return res;

  const signatures: string[] = [];
  try {
    const provenance = provenanceStatement(env.context, subjects);
    const bundle = signStatement(provenance, key);
    const bundlePath = resolve(env.cwd, opts.bundlePath ?? join(opts.outputDir, 'provenance.sigstore.json'));
    await writeOut(bundlePath, `${JSON.stringify(bundle, null, 2)}\n`);
    res.outputs.bundle = bundlePath;
    // Self-check: the bundle we wrote verifies with the public half of the key.
    const self = verifyParsedBundle(parseBundle(await readFile(bundlePath, 'utf8'), bundlePath), [{ ...key, origin: 'signing key' }]);
    if (!self.ok) throw new ArtifactError('bundle-invalid', `the bundle just written does not verify: ${self.message}`);

    if (reports.length > 0) {
      const dBundle = signStatement(decisionsStatement(env.context, subjects, reports), key);
      const dPath = resolve(env.cwd, opts.decisionsBundlePath ?? join(opts.outputDir, 'decisions.sigstore.json'));
      await writeOut(dPath, `${JSON.stringify(dBundle, null, 2)}\n`);
      res.outputs['decisions-bundle'] = dPath;
    }

    if (opts.plainSignatures) {
      const outDir = resolve(env.cwd, opts.outputDir);
      for (const s of subjects) {
        if (s.kind === 'file' && s.path) {
          let sig: Buffer | undefined;
          const streaming = signers.get(s.path);
          if (streaming) sig = finishStreamingSigner(streaming, key);
          else if ((s.size ?? 0) <= ED25519_PLAIN_LIMIT) sig = await signFileEd25519(key, s.path, s.digest.sha256);
          else res.notes.push(`${s.name}: no plain Ed25519 signature (larger than ${formatBytes(ED25519_PLAIN_LIMIT)}); verify the bundle, or sign with a P-256 key for an openssl-verifiable .sig`);
          if (sig) {
            const p = `${outPath(outDir, s.name)}.sig`;
            await writeOut(p, sig);
            signatures.push(p);
          }
        } else if (s.kind === 'directory' && s.manifest) {
          const text = manifestToChecksums(s.manifest);
          const p = `${outPath(outDir, s.name)}.sha256`;
          await writeOut(p, text);
          await writeOut(`${p}.sig`, signBytes(key, Buffer.from(text, 'utf8')));
          signatures.push(`${p}.sig`);
        }
      }
      for (const file of opts.checksums) {
        const abs = resolve(env.cwd, file);
        const data = await readFile(abs).catch((err: unknown) => {
          throw fsError(err, file, 'checksums file');
        });
        const p = join(outDir, `${basename(file)}.sig`);
        await writeOut(p, signBytes(key, data));
        signatures.push(p);
      }
    }
    res.checks.push({
      rule: RULES.signature,
      status: 'pass',
      message: `signed ${subjects.length} subject(s) with ${key.algorithm} key ${key.hint} into ${bundlePath}`,
      seen: key.hint,
      ...src(['artifacts', 'signature']),
    });
  } catch (err) {
    res.checks.push({ rule: RULES.signature, status: 'fail', message: `signing failed: ${message(err)}`, required: 'a written, self-verifying bundle', ...src(['artifacts', 'signature']) });
    return res;
  }
  if (signatures.length > 0) {
    res.outputs.signatures = signatures.join('\n');
    res.outputs.signature = signatures[0]!;
  }
  res.outputs['key-id'] = key.hint;
  res.details.keyId = key.hint;
  res.details.bundle = res.outputs.bundle;
  return res;
}

/** Trusted keys from the inputs and the policy. */
export async function trustedKeys(env: FlowEnv, inputKeys: string | undefined): Promise<VerifyKey[]> {
  const out: VerifyKey[] = [];
  if (inputKeys) {
    if (inputKeys.includes('-----BEGIN')) out.push(...(await loadVerifyKeys(inputKeys, 'public-key input', env.cwd)));
    else for (const line of inputKeys.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) out.push(...(await loadVerifyKeys(line, 'public-key input', env.cwd)));
  }
  for (const [i, k] of (env.policy?.['public-keys'] ?? []).entries()) out.push(...(await loadVerifyKeys(k, `artifacts.public-keys[${i}]`, env.policyRoot ?? env.cwd)));
  return out;
}

/** Digest what is on disk now for each signed subject name (or the given subjects), errors per subject. */
async function freshSubjects(env: FlowEnv, statement: Statement, given: string[], followSymlinks: boolean): Promise<{ facts: SubjectFact[]; errors: Map<string, string>; error?: string }> {
  const algorithms = [...new Set(statement.subject.flatMap((s) => Object.keys(s.digest)))].filter((a): a is HashAlgorithm => a === 'sha256' || a === 'sha512');
  const common = { cwd: env.cwd, algorithms, followSymlinks, onProgress: progress(env.log) };
  if (given.length > 0) {
    try {
      return { facts: await resolveSubjects(given, common), errors: new Map() };
    } catch (err) {
      return { facts: [], errors: new Map(), error: message(err) };
    }
  }
  const facts: SubjectFact[] = [];
  const errors = new Map<string, string>();
  for (const s of statement.subject) {
    const path = isAbsolute(s.name) ? s.name : resolve(env.cwd, s.name);
    try {
      if (s.name.endsWith('/')) {
        const m = await digestTree(path, common);
        facts.push({ name: s.name, digest: m.digest, manifest: m });
      } else {
        const f = await digestFile(path, common);
        facts.push({ name: s.name, digest: f.digest });
      }
    } catch (err) {
      errors.set(s.name, message(err));
    }
  }
  return { facts, errors };
}

interface Verified {
  parsed?: ParsedBundle;
  statement?: Statement;
  error?: string;
}

/** A text file named relative to the working directory; errors name it as `what`. */
async function readText(env: FlowEnv, path: string, what: string): Promise<string> {
  try {
    return await readFile(resolve(env.cwd, path), 'utf8');
  } catch (err) {
    throw fsError(err, path, what);
  }
}

async function verifyBundleFile(env: FlowEnv, path: string, keys: readonly VerifyKey[]): Promise<Verified & { keyHint?: string }> {
  try {
    const text = await readText(env, path, 'bundle');
    const parsed = parseBundle(text, path);
    const outcome = verifyParsedBundle(parsed, keys);
    if (!outcome.ok) return { parsed, error: outcome.message, keyHint: parsed.hint };
    return { parsed, statement: outcome.statement, keyHint: outcome.key.hint };
  } catch (err) {
    return { error: message(err) };
  }
}

export interface VerifyOptions {
  bundle?: string;
  decisionsBundle?: string;
  publicKeys?: string;
  subjects: string[];
  followSymlinks: boolean;
  sourceTarball?: string;
  sourceTag?: string;
  sourceRepo: string;
  sourcePrefix?: string;
}

/** Verify: signature, subject digests, predicate constraints, bound decisions, and the source check when asked. */
export async function verifyFlow(env: FlowEnv, opts: VerifyOptions): Promise<FlowResult> {
  const { src } = env;
  const res: FlowResult = { checks: [], notes: [], outputs: {}, details: {} };
  let keys: VerifyKey[] = [];
  let keyError: string | undefined;
  try {
    keys = await trustedKeys(env, opts.publicKeys);
    if (keys.length === 0 && opts.bundle) keyError = 'no trusted public key: set the public-key input or artifacts.public-keys in the policy';
  } catch (err) {
    keyError = message(err);
  }
  const trusted = keys.map((k) => k.hint);
  let statement: Statement | undefined;
  let why: string | undefined;
  if (opts.bundle === undefined) {
    res.checks.push(checkSignature(env.policy, { trusted }, src));
    why = 'no bundle given';
  } else if (keyError !== undefined) {
    res.checks.push(checkSignature(env.policy, { bundle: opts.bundle, ok: false, error: keyError, trusted }, src));
    why = 'signature not verified';
  } else {
    const v = await verifyBundleFile(env, opts.bundle, keys);
    res.checks.push(checkSignature(env.policy, { bundle: opts.bundle, ok: v.statement !== undefined, trusted, ...(v.keyHint ? { keyHint: v.keyHint } : {}), ...(v.error ? { error: v.error } : {}) }, src));
    statement = v.statement;
    if (!statement) why = 'signature not verified, so its subjects and predicate are not trusted';
  }
  if (opts.bundle !== undefined || enforced(env.policy?.signature)) {
    if (statement) {
      const fresh = await freshSubjects(env, statement, opts.subjects, opts.followSymlinks);
      const cmp = fresh.error === undefined ? compareSubjects(statement.subject, fresh.facts, manifestsOf(statement), fresh.errors) : undefined;
      res.checks.push(checkSubjectDigests(cmp, opts.bundle!, src, fresh.error));
      res.details.subjects = statement.subject;
      res.outputs.digests = JSON.stringify(Object.fromEntries(statement.subject.map((s) => [s.name, `sha256:${s.digest.sha256}`])));
    } else {
      res.checks.push(checkSubjectDigests(undefined, opts.bundle ?? '(none)', src, why));
    }
    res.checks.push(...checkPredicate(env.policy, statement, src, why));
  }

  // Decision records bound to the same subjects.
  if (opts.decisionsBundle !== undefined || (env.policy?.decisions?.length ?? 0) > 0) {
    res.checks.push(await verifyDecisions(env, opts.decisionsBundle, keys, keyError, statement));
  }

  if (opts.sourceTarball !== undefined || env.policy?.['source-match'] === 'required') {
    res.checks.push(await sourceCheck(env, opts));
  }
  if (env.policy?.reproducible === 'required') res.notes.push('artifacts.reproducible is checked by the reproduce command (a rebuild compared with this bundle)');
  return res;
}

async function verifyDecisions(env: FlowEnv, path: string | undefined, keys: readonly VerifyKey[], keyError: string | undefined, provenance: Statement | undefined): Promise<CheckResult> {
  if (path === undefined) return checkDecisions(env.policy, { given: false }, env.src);
  if (keyError !== undefined) return checkDecisions(env.policy, { error: keyError, given: true }, env.src);
  const v = await verifyBundleFile(env, path, keys);
  if (!v.statement) return checkDecisions(env.policy, { error: `${path}: ${v.error ?? 'not verified'}`, given: true }, env.src);
  if (v.statement.predicateType !== DECISIONS_PREDICATE) return checkDecisions(env.policy, { error: `${path} has predicate type ${v.statement.predicateType}, expected ${DECISIONS_PREDICATE}`, given: true }, env.src);
  if (provenance) {
    const want = JSON.stringify(provenance.subject.map((s) => [s.name, s.digest.sha256]));
    const got = JSON.stringify(v.statement.subject.map((s) => [s.name, s.digest.sha256]));
    if (want !== got) return checkDecisions(env.policy, { error: `${path} binds other subjects than the provenance bundle`, given: true }, env.src);
  }
  const p = v.statement.predicate as DecisionsPredicate;
  if (!Array.isArray(p.decisions)) return checkDecisions(env.policy, { error: `${path} has no decisions list`, given: true }, env.src);
  return checkDecisions(
    env.policy,
    { given: true, decisions: p.decisions.map((d) => ({ action: d.action, decision: d.decision, mode: d.mode, environment: d.environment, violations: d.violations, report: d.report?.name ?? '?' })) },
    env.src,
  );
}

export async function sourceCheck(env: FlowEnv, opts: Pick<VerifyOptions, 'sourceTarball' | 'sourceTag' | 'sourceRepo' | 'sourcePrefix'>): Promise<CheckResult> {
  const requested = opts.sourceTarball !== undefined;
  if (!opts.sourceTarball || !opts.sourceTag) {
    return checkSourceMatch(env.policy, { requested, error: 'give both source-tarball and source-tag' }, env.src);
  }
  let comparison: SourceComparison;
  try {
    comparison = await compareSource({
      tarball: resolve(env.cwd, opts.sourceTarball),
      repo: resolve(env.cwd, opts.sourceRepo),
      tag: opts.sourceTag,
      ...(opts.sourcePrefix !== undefined ? { prefix: opts.sourcePrefix } : {}),
    });
    comparison.tarball = opts.sourceTarball;
  } catch (err) {
    return checkSourceMatch(env.policy, { requested, error: message(err) }, env.src);
  }
  return checkSourceMatch(env.policy, { requested, comparison }, env.src);
}

export interface ReproduceOptions {
  bundle?: string;
  publicKeys?: string;
  subjects: string[];
  followSymlinks: boolean;
}

/** Reproduce: the baseline bundle must verify; then the rebuilt subjects must equal its subjects. */
export async function reproduceFlow(env: FlowEnv, opts: ReproduceOptions): Promise<FlowResult> {
  const { src } = env;
  const res: FlowResult = { checks: [], notes: [], outputs: {}, details: {} };
  let keys: VerifyKey[] = [];
  let keyError: string | undefined;
  try {
    keys = await trustedKeys(env, opts.publicKeys);
    if (keys.length === 0) keyError = 'no trusted public key: set the public-key input or artifacts.public-keys in the policy';
  } catch (err) {
    keyError = message(err);
  }
  const trusted = keys.map((k) => k.hint);
  if (!opts.bundle) {
    res.checks.push(checkReproducible(env.policy, { error: 'no baseline bundle given (input bundle)' }, src));
    return res;
  }
  const v = keyError !== undefined ? { error: keyError } : await verifyBundleFile(env, opts.bundle, keys);
  res.checks.push(checkSignature({ ...env.policy, signature: 'required' }, { bundle: opts.bundle, ok: v.statement !== undefined, trusted, ...('keyHint' in v && v.keyHint ? { keyHint: v.keyHint } : {}), ...(v.error ? { error: v.error } : {}) }, src));
  if (!v.statement) {
    res.checks.push(checkReproducible(env.policy, { error: `baseline ${opts.bundle} is not trusted: ${v.error ?? 'unverified'}` }, src));
    return res;
  }
  const fresh = await freshSubjects(env, v.statement, opts.subjects, opts.followSymlinks);
  let comparison: SubjectComparison | undefined;
  if (fresh.error === undefined) comparison = compareSubjects(v.statement.subject, fresh.facts, manifestsOf(v.statement), fresh.errors);
  res.checks.push(checkReproducible(env.policy, comparison ? { comparison, baseline: opts.bundle } : { error: fresh.error ?? 'no rebuilt subjects' }, src));
  if (comparison) res.details.reproducibility = comparison;
  return res;
}
