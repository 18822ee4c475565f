/**
 * sign-artifact: sign immutable build artifacts (in-toto/SLSA provenance in a Sigstore bundle plus
 * plain signatures), verify them, and flag rebuilds whose bytes differ. Thin adapter: inputs ->
 * shared/artifacts flows -> outcome.
 */
import { resolve as resolvePath } from 'node:path';
import type { ActionHandler, ActionModule, ActionOutcome, ActionRequest } from './types.js';
import { parseAlgorithms } from '../artifacts/digest.js';
import { ArtifactError } from '../artifacts/errors.js';
import { parseAlgorithm, readKeyFile, signingKeyFromPem, type SigningKey } from '../artifacts/keys.js';
import { reproduceFlow, signFlow, sourceCheck, verifyFlow, type FlowEnv, type FlowResult } from '../artifacts/run.js';
import { splitList } from '../artifacts/subjects.js';
import { RULES } from '../checks/artifacts.js';

const COMMANDS = ['run', 'verify', 'reproduce', 'source-check'] as const;

function env(req: ActionRequest): FlowEnv {
  const wd = req.platform.input('working-directory');
  // Policy paths are the workspace's; working-directory moves only subjects, outputs and inputs.
  return { context: req.context, policy: req.constraints.artifacts, src: req.ruleSource, log: req.platform.log, cwd: wd ? resolvePath(wd) : process.cwd(), policyRoot: process.cwd() };
}

function bool(req: ActionRequest, name: string, dflt: boolean): boolean {
  const v = req.platform.input(name);
  if (v === undefined) return dflt;
  if (/^(true|yes|1)$/i.test(v)) return true;
  if (/^(false|no|0)$/i.test(v)) return false;
  throw new ArtifactError('path-invalid', `input ${name} must be true or false, got "${v}"`);
}

function outcome(r: FlowResult): ActionOutcome {
  const o: ActionOutcome = { checks: r.checks, notes: r.notes, outputs: r.outputs, details: r.details };
  if (r.summary) o.summary = r.summary;
  return o;
}

/** Input problems that are not about a specific rule still deny, under the rule they block. */
function inputFailure(req: ActionRequest, rule: string, err: unknown): ActionOutcome {
  const msg = err instanceof ArtifactError && err.hint ? `${err.message} (fix: ${err.hint})` : err instanceof Error ? err.message : String(err);
  return { checks: [{ rule, status: 'fail', message: msg, ...req.ruleSource(['artifacts']) }] };
}

/**
 * Load the signing key from exactly one of `key` (PEM text), `key-env` (name of a variable holding
 * PEM) or `key-file`. Every secret value is masked before anything else happens.
 */
export async function loadSigningKey(req: ActionRequest): Promise<{ key?: SigningKey; error?: string }> {
  const p = req.platform;
  const inline = p.input('key');
  const passphrase = p.input('key-passphrase');
  if (inline) p.mask(inline);
  if (passphrase) p.mask(passphrase);
  const envName = p.input('key-env');
  let envValue: string | undefined;
  if (envName) {
    envValue = p.variable(envName);
    if (envValue) p.mask(envValue);
  }
  const file = p.input('key-file');
  const given = [inline && 'key', envName && 'key-env', file && 'key-file'].filter(Boolean);
  if (given.length === 0) return {};
  try {
    if (given.length > 1) throw new ArtifactError('key-invalid', `give one of key, key-env, key-file (got ${given.join(', ')})`);
    const algorithm = parseAlgorithm(p.input('algorithm'));
    const opts = { ...(passphrase ? { passphrase } : {}), ...(algorithm ? { algorithm } : {}) };
    if (inline) return { key: signingKeyFromPem(inline, 'the key input', opts) };
    if (envName) {
      if (!envValue) throw new ArtifactError('key-missing', `variable ${envName} (key-env) is empty or not set`, { hint: `expose the secret to this step as ${envName}` });
      return { key: signingKeyFromPem(envValue, `variable ${envName}`, opts) };
    }
    const { resolve } = await import('node:path');
    const pem = await readKeyFile(resolve(env(req).cwd, file!));
    p.mask(pem);
    return { key: signingKeyFromPem(pem, `key file ${file}`, opts) };
  } catch (err) {
    if (err instanceof ArtifactError) return { error: err.hint ? `${err.message} (fix: ${err.hint})` : err.message };
    return { error: 'the signing key could not be loaded' };
  }
}

const sign: ActionHandler = async (req) => {
  const command = req.platform.input('command') ?? 'run';
  if (command !== 'run') {
    if (!(COMMANDS as readonly string[]).includes(command)) return inputFailure(req, RULES.subjects, new ArtifactError('path-invalid', `unknown command "${command}"`, { hint: `use one of ${COMMANDS.join(', ')}` }));
    return handlers[command as Exclude<(typeof COMMANDS)[number], 'run'>](req);
  }
  const { key, error } = await loadSigningKey(req);
  let algorithms;
  let followSymlinks;
  let plainSignatures;
  try {
    algorithms = parseAlgorithms(req.platform.input('hash-algorithms'));
    followSymlinks = bool(req, 'follow-symlinks', false);
    plainSignatures = bool(req, 'signatures', true);
  } catch (err) {
    return inputFailure(req, RULES.subjects, err);
  }
  const p = req.platform;
  const r = await signFlow(env(req), {
    subjects: splitList(p.input('subjects')),
    checksums: splitList(p.input('checksums')),
    algorithms,
    followSymlinks,
    ...(key ? { key } : {}),
    ...(error !== undefined ? { keyError: error } : {}),
    outputDir: p.input('output-dir') ?? 'ci-constraints-signatures',
    ...(p.input('bundle') ? { bundlePath: p.input('bundle')! } : {}),
    ...(p.input('decisions-bundle') ? { decisionsBundlePath: p.input('decisions-bundle')! } : {}),
    decisionReports: splitList(p.input('decision-reports')),
    plainSignatures,
  });
  return outcome(r);
};

const verify: ActionHandler = async (req) => {
  const p = req.platform;
  let followSymlinks;
  try {
    followSymlinks = bool(req, 'follow-symlinks', false);
  } catch (err) {
    return inputFailure(req, RULES.signature, err);
  }
  const opt = (n: string) => p.input(n);
  const r = await verifyFlow(env(req), {
    ...(opt('bundle') ? { bundle: opt('bundle')! } : {}),
    ...(opt('decisions-bundle') ? { decisionsBundle: opt('decisions-bundle')! } : {}),
    ...(opt('public-key') ? { publicKeys: opt('public-key')! } : {}),
    subjects: splitList(opt('subjects')),
    followSymlinks,
    ...(opt('source-tarball') ? { sourceTarball: opt('source-tarball')! } : {}),
    ...(opt('source-tag') ? { sourceTag: opt('source-tag')! } : {}),
    sourceRepo: opt('source-repo') ?? '.',
    ...(opt('source-prefix') !== undefined ? { sourcePrefix: opt('source-prefix')! } : {}),
  });
  return outcome(r);
};

const reproduce: ActionHandler = async (req) => {
  const p = req.platform;
  let followSymlinks;
  try {
    followSymlinks = bool(req, 'follow-symlinks', false);
  } catch (err) {
    return inputFailure(req, RULES.reproducible, err);
  }
  const r = await reproduceFlow(env(req), {
    ...(p.input('bundle') ? { bundle: p.input('bundle')! } : {}),
    ...(p.input('public-key') ? { publicKeys: p.input('public-key')! } : {}),
    subjects: splitList(p.input('subjects')),
    followSymlinks,
  });
  return outcome(r);
};

const sourceCheckCommand: ActionHandler = async (req) => {
  const p = req.platform;
  const check = await sourceCheck(env(req), {
    ...(p.input('source-tarball') ? { sourceTarball: p.input('source-tarball')! } : {}),
    ...(p.input('source-tag') ? { sourceTag: p.input('source-tag')! } : {}),
    sourceRepo: p.input('source-repo') ?? '.',
    ...(p.input('source-prefix') !== undefined ? { sourcePrefix: p.input('source-prefix')! } : {}),
  });
  return { checks: [check] };
};

const handlers = { verify, reproduce, 'source-check': sourceCheckCommand };

const signArtifact: ActionModule = {
  name: 'sign-artifact',
  description: 'Sign build artifacts (in-toto SLSA provenance in a Sigstore bundle, plain signatures), verify them, and flag rebuilds whose bytes differ.',
  inputs: [
    { name: 'command', description: 'What to do: run (sign), verify, reproduce (compare a rebuild with a signed bundle) or source-check (release tarball vs git archive of its tag).', default: 'run' },
    { name: 'subjects', description: 'Artifacts, one per line: files, globs (dist/*.tgz) or directories (tree digest + manifest). For verify/reproduce: defaults to the subjects named in the bundle.' },
    { name: 'checksums', description: 'sha256sum-format checksums files whose lines become subjects (files present beside them are re-hashed and must match).' },
    { name: 'key', description: 'Signing key as PEM text (ECDSA P-256 or Ed25519); masked. Prefer key-env or key-file.' },
    { name: 'key-env', description: 'Name of an environment variable holding the PEM signing key; its value is masked.' },
    { name: 'key-file', description: 'Path of a PEM signing key file.' },
    { name: 'key-passphrase', description: 'Passphrase of an encrypted PKCS#8 key; masked.' },
    { name: 'algorithm', description: 'Expected key algorithm: auto, ecdsa-p256 or ed25519.', default: 'auto' },
    { name: 'hash-algorithms', description: 'Subject digests: sha256 (always) and optionally sha512, comma-separated.', default: 'sha256' },
    { name: 'public-key', description: 'Trusted public key(s) for verify/reproduce: PEM text, or paths of PEM files one per line; added to artifacts.public-keys.' },
    { name: 'bundle', description: 'Sign: where to write the provenance bundle (default <output-dir>/provenance.sigstore.json). Verify/reproduce: the bundle to check.' },
    { name: 'decisions-bundle', description: 'Sign: where to write the decisions bundle (default <output-dir>/decisions.sigstore.json). Verify: the decisions bundle to check.' },
    { name: 'decision-reports', description: 'JSON reports of other ci-constraints actions in this job, one path per line, bound to the artifacts as a second signed statement.' },
    { name: 'output-dir', description: 'Directory for bundles, .sig files and directory manifests.', default: 'ci-constraints-signatures' },
    { name: 'signatures', description: 'Also write plain signatures (FILE.sig) verifiable with openssl.', default: 'true' },
    { name: 'follow-symlinks', description: 'Follow symbolic links inside directory subjects (loops are an error) instead of recording them as links.', default: 'false' },
    { name: 'working-directory', description: 'Base for relative paths and subject names (default: the current directory).' },
    { name: 'source-tarball', description: 'Release tarball (.tar, .tar.gz, .tar.xz, .tar.bz2, .tar.zst) to compare with git archive of source-tag.' },
    { name: 'source-tag', description: 'Tag whose git archive the tarball must match.' },
    { name: 'source-repo', description: 'Git repository holding source-tag.', default: '.' },
    { name: 'source-prefix', description: 'Leading directory of the tarball members to strip (default: detected when all members share one).' },
  ],
  commands: { run: sign, verify, reproduce, 'source-check': sourceCheckCommand },
};

export default signArtifact;
