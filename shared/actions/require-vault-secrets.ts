// require-vault-secrets: secrets only from Vault at run time, short-lived, masked, revoked; static
// credentials refused. Thin adapter: inputs → shared/vault + shared/scan → pure rules → outcome.
import { readdirSync, rmSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { ConfigError } from '../errors.js';
import type { CheckResult } from '../decision.js';
import { Redactor } from '../platform/redact.js';
import {
  authAllowed,
  missingKeyChecks,
  readChecks,
  revokeCheck,
  ttlCheck,
  vaultAuthCheck,
  vaultConfigCheck,
  type RevokeFact,
} from '../checks/secrets.js';
import { staticCredentialChecks } from '../checks/static-credentials.js';
import { scanTree } from '../scan/index.js';
import { scanToSarif } from '../scan/sarif.js';
import { VaultClient } from '../vault/client.js';
import { exportSecrets, type ExportResult } from '../vault/export.js';
import { readSecrets, type ReadOutcome } from '../vault/kv.js';
import { login, lookupToken, loadSession, revokeSession, saveSession, STATE_KEY, type SavedSession } from '../vault/session.js';
import { resolveSettings, resolveTimeoutMs, resolveTls, VAULT_INPUTS } from '../vault/settings.js';
import { parseSecretsSpec } from '../vault/spec.js';
import type { ActionModule, ActionOutcome, ActionRequest, InputSpec } from './types.js';

const INPUTS: InputSpec[] = [
  { name: 'secrets', description: 'Secrets to read: vault-action lines ("path key | NAME;", "path * | PREFIX_", "path | NAME" for the whole secret as JSON) or a YAML mapping (NAME: path#key, or NAME: {path, key, kv, file, output}).' },
  { name: VAULT_INPUTS.address, description: 'Vault address, when the policy sets none (an input that differs from the policy denies).' },
  { name: VAULT_INPUTS.namespace, description: 'Vault Enterprise namespace (X-Vault-Namespace), when the policy sets none.' },
  { name: VAULT_INPUTS.method, description: 'jwt (default: the run\'s OIDC token), token or approle; static auth needs `secrets.vault.static-auth: allow`.' },
  { name: VAULT_INPUTS.role, description: 'Vault role for the JWT login, when the policy sets none.' },
  { name: VAULT_INPUTS.audience, description: 'Audience of the OIDC token requested for the login, when the policy sets none.' },
  { name: VAULT_INPUTS.authPath, description: 'Mount path of the auth method (default: the method name, e.g. jwt).' },
  { name: 'vault-token', description: 'Static Vault token (auth method token; only with static-auth: allow).' },
  { name: 'vault-role-id', description: 'AppRole role_id (auth method approle; only with static-auth: allow).' },
  { name: 'vault-secret-id', description: 'AppRole secret_id (auth method approle).' },
  { name: VAULT_INPUTS.caCert, description: 'CA certificate for Vault: PEM text or a file name (policy secrets.vault.tls.ca-cert wins).' },
  { name: VAULT_INPUTS.clientCert, description: 'Client certificate for mutual TLS: PEM text or a file name.' },
  { name: VAULT_INPUTS.clientKey, description: 'Key of the client certificate: PEM text or a file name.' },
  { name: VAULT_INPUTS.timeout, description: 'Per-request timeout for Vault calls, e.g. 10s (policy secrets.vault.timeout wins).', default: '10s' },
  { name: 'export-env', description: 'Export each secret as an environment variable for later steps.', default: 'true' },
  { name: 'set-outputs', description: 'Also set a step output per secret (GitHub only; outputs are masked there).', default: 'false' },
  { name: 'secrets-as-files', description: 'Write every secret to a 0600 file under the runner temp dir and export NAME_FILE instead of the value.', default: 'false' },
  { name: 'scan', description: 'Scan the working tree and CI configs for static credentials before reading secrets.', default: 'true' },
  { name: 'scan-root', description: 'Directory to scan.', default: '.' },
  { name: 'diff-base', description: 'Scan only files changed since this git ref.' },
  { name: 'gitleaks-config', description: 'A .gitleaks.toml whose rules and allowlists to load.' },
];

function flag(req: ActionRequest, name: string, fallback: boolean): boolean {
  const v = req.platform.input(name)?.trim().toLowerCase();
  if (v === undefined) return fallback;
  if (['true', 'yes', '1', 'on'].includes(v)) return true;
  if (['false', 'no', '0', 'off'].includes(v)) return false;
  throw new ConfigError('input-invalid', `input ${name} must be true or false, not "${v}"`);
}

async function staticScan(req: ActionRequest): Promise<{ checks: CheckResult[]; artifacts: NonNullable<ActionOutcome['artifacts']>; files: number }> {
  const root = resolvePath(req.platform.input('scan-root') ?? '.');
  const diffBase = req.platform.input('diff-base');
  const gitleaksConfig = req.platform.input('gitleaks-config');
  const result = await scanTree({
    root,
    staticAllowed: req.constraints.secrets?.['static-allowed'] ?? [],
    ...(diffBase ? { diffBase } : {}),
    ...(gitleaksConfig ? { gitleaksConfig } : {}),
  });
  return { checks: staticCredentialChecks(result, req.ruleSource), artifacts: [{ kind: 'sarif', content: scanToSarif(result) }], files: result.filesScanned };
}

/** Scrub every secret value (and its encodings) out of what goes into reports, as a second line of defence. */
function scrub<T>(redactor: Redactor, value: T): T {
  if (typeof value === 'string') return redactor.redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => scrub(redactor, v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactor.redact(k), scrub(redactor, v)])) as T;
  }
  return value;
}

function skipped(rule: string, why: string, req: ActionRequest, path: string[]): CheckResult {
  const s = req.ruleSource(path);
  return { rule, status: 'skip', message: `not attempted: ${why}`, policyPath: s.policyPath, ...(s.location ? { location: s.location } : {}) };
}

async function run(req: ActionRequest): Promise<ActionOutcome> {
  const { platform } = req;
  const redactor = new Redactor();
  const maskAll = (v: string) => {
    platform.mask(v);
    redactor.add(v);
  };
  const checks: CheckResult[] = [];
  const artifacts: NonNullable<ActionOutcome['artifacts']> = [];
  const notes: string[] = [];
  const requests = parseSecretsSpec(platform.input('secrets') ?? '');
  if (requests.length === 0) throw new ConfigError('input-invalid', 'the secrets input is empty: name at least one secret to read', { hint: 'e.g. secrets: "secret/ci/app password | DB_PASSWORD"; for the static scan alone use the scan command' });
  const secretsPolicy = req.constraints.secrets;
  const settings = resolveSettings(secretsPolicy, platform);
  const timeoutMs = resolveTimeoutMs(secretsPolicy, platform);
  const tls = resolveTls(secretsPolicy, platform);
  const exportOptions = { env: flag(req, 'export-env', true), outputs: flag(req, 'set-outputs', false), files: flag(req, 'secrets-as-files', false) };
  if ((exportOptions.outputs || requests.some((r) => r.output)) && platform.name !== 'github') {
    throw new ConfigError('input-invalid', `step outputs for secrets are only available on GitHub, not ${platform.name}`, { hint: 'drop set-outputs / output: true and use the exported variables or files' });
  }

  if (flag(req, 'scan', true)) {
    const scan = await staticScan(req);
    checks.push(...scan.checks);
    artifacts.push(...scan.artifacts);
  }
  const scanFailed = checks.some((c) => c.status === 'fail');

  const config = vaultConfigCheck(settings, req.ruleSource);
  checks.push(config);
  if (config.status === 'fail' || (scanFailed && req.mode === 'enforce')) {
    const why = config.status === 'fail' ? 'the Vault settings are not usable' : 'static credentials were found in the repository';
    checks.push(skipped('secrets.vault-auth', why, req, ['secrets', 'vault', 'auth']));
    return finish(redactor, { checks, artifacts, notes });
  }
  if (!authAllowed(settings)) {
    checks.push(vaultAuthCheck(settings, undefined, req.ruleSource));
    return finish(redactor, { checks, artifacts, notes });
  }

  const client = new VaultClient({ address: settings.address!, ...(settings.namespace ? { namespace: settings.namespace } : {}), ...(tls ? { tls } : {}), timeoutMs, attempts: 3 });
  const creds = { token: platform.input('vault-token'), roleId: platform.input('vault-role-id'), secretId: platform.input('vault-secret-id') };
  for (const v of [creds.token, creds.secretId]) if (v) maskAll(v);
  const logged = await login(client, settings, platform, {
    ...(creds.token ? { token: creds.token } : {}),
    ...(creds.roleId ? { roleId: creds.roleId } : {}),
    ...(creds.secretId ? { secretId: creds.secretId } : {}),
  });
  checks.push(vaultAuthCheck(settings, logged.fact, req.ruleSource));
  if (!logged.fact.ok || !logged.token) return finish(redactor, { checks, artifacts, notes });
  redactor.add(logged.token);

  // Save the session before reading anything: if this step dies, the post step / revoke command still revokes.
  const session: SavedSession = {
    address: client.address,
    ...(client.namespace ? { namespace: client.namespace } : {}),
    token: logged.token,
    accessor: logged.fact.accessor,
    tokenType: logged.tokenType ?? 'service',
    leases: [],
  };
  // A static token is the user's, not ours: never revoke it.
  const ours = settings.method !== 'token';
  if (ours) saveSession(platform, session);

  const looked = await lookupToken(client);
  const ttl = ttlCheck(looked.fact, settings.maxTtl, req.now, req.ruleSource);
  if (looked.error) ttl.message = `${ttl.message}: ${looked.error}`;
  checks.push(ttl);
  let outcome: ReadOutcome | undefined;
  if (ttl.status !== 'fail' || req.mode === 'audit') {
    outcome = await readSecrets(client, requests, maskAll);
    session.leases = outcome.reads.flatMap((r) => (r.leaseId ? [r.leaseId] : []));
    if (ours) saveSession(platform, session);
    checks.push(...readChecks(outcome.reads, req.ruleSource), ...missingKeyChecks(outcome.selections, outcome.reads, req.ruleSource));
  } else {
    checks.push(skipped('secrets.read', 'the token breaks max-ttl', req, ['secrets', 'vault']));
  }

  const denied = checks.some((c) => c.status === 'fail');
  let exported: ExportResult | undefined;
  if (outcome && (!denied || req.mode === 'audit')) {
    exported = exportSecrets(platform, outcome.values, exportOptions);
    const s = req.ruleSource(['secrets', 'vault']);
    const names = [...exported.env, ...exported.files.map((f) => f.variable)];
    checks.push({
      rule: 'secrets.export',
      status: 'pass',
      message: `exported ${names.length} variable(s) for later steps: ${names.join(', ') || '(none)'}${exported.outputs.length ? `; step outputs: ${exported.outputs.join(', ')}` : ''}${exported.files.length ? `; ${exported.files.length} file(s) with mode 0600` : ''}`,
      seen: { env: exported.env, files: exported.files.map((f) => f.variable), outputs: exported.outputs },
      required: 'masked values, never in reports',
      policyPath: s.policyPath,
      ...(s.location ? { location: s.location } : {}),
    });
  }
  let revoked: RevokeFact | undefined;
  if (denied && req.mode === 'enforce' && ours) {
    // Denied: nothing was handed on, so the token has no further use. Revoke it now.
    revoked = await revokeSession(session, tls, timeoutMs);
    platform.saveState(STATE_KEY, '');
    notes.push(`denied: the Vault token ${session.accessor} was revoked at once (${typeof revoked.token === 'object' ? `failed: ${revoked.token.failure}` : revoked.token})`);
  } else if (ours) {
    notes.push(platform.name === 'github' ? 'the Vault token is revoked by the post step' : 'run `ci-constraints require-vault-secrets revoke` at job end (GitLab after_script, CircleCI when: always) to revoke the Vault token');
  }
  const details = {
    vault: {
      address: session.address,
      namespace: session.namespace ?? null,
      method: settings.method,
      role: settings.role ?? null,
      accessor: session.accessor,
      paths: outcome?.reads.map((r) => ({ path: r.path, engine: r.engine ?? null, ok: !r.error })) ?? [],
      leases: session.leases.length,
      exported: exported ? { env: exported.env, files: exported.files.map((f) => f.variable), outputs: exported.outputs } : null,
      revoked: revoked ? { token: typeof revoked.token === 'object' ? 'failed' : revoked.token, leases: revoked.leases.length } : null,
    },
  };
  const outputs: Record<string, string> = {
    'vault-accessor': session.accessor,
    'exported-names': exported ? [...exported.env, ...exported.files.map((f) => f.variable)].join(',') : '',
  };
  const summary = summaryMarkdown(outcome, exported, session, revoked);
  return finish(redactor, { checks, artifacts, notes, details, outputs, summary });
}

function summaryMarkdown(outcome: ReadOutcome | undefined, exported: ExportResult | undefined, session: SavedSession, revoked: RevokeFact | undefined): string {
  const lines = ['### Vault secrets', '', `Token accessor \`${session.accessor}\` at ${session.address}${session.namespace ? ` (namespace ${session.namespace})` : ''}.`, ''];
  if (outcome?.selections.length) {
    lines.push('| secret | path | key | status |', '|---|---|---|---|');
    for (const s of outcome.selections) lines.push(`| ${s.names.join(', ') || s.request.name} | ${s.request.path} | ${s.request.key ?? '(whole, JSON)'} | ${s.found ? 'read' : 'missing'} |`);
    lines.push('');
  }
  if (exported) lines.push(`Exported: ${[...exported.env, ...exported.files.map((f) => f.variable)].join(', ') || '(none)'}. Values are masked and never written to reports.`);
  if (revoked) lines.push(`Revoked at once after the deny: token ${typeof revoked.token === 'object' ? `failed (${revoked.token.failure})` : revoked.token}, ${revoked.leases.length} lease(s).`);
  return lines.join('\n');
}

function finish(redactor: Redactor, out: ActionOutcome): ActionOutcome {
  return scrub(redactor, out);
}

/**
 * Files this action wrote secret values into under its own job temp dir (`secrets-as-files`
 * directories; the default export file where the platform has no masked env channel) go with the
 * token: a GitLab shell or CircleCI machine runner keeps /tmp across jobs. A user's own
 * `--export-file` path is left alone.
 */
function removeValueFiles(platform: ActionRequest['platform']): string[] {
  const dir = platform.tempDir();
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith('ci-constraints-secrets-') && !(name === 'env.sh' && platform.name !== 'github')) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed.push(join(dir, name));
  }
  return removed;
}

async function revoke(req: ActionRequest): Promise<ActionOutcome> {
  const { platform } = req;
  const removedFiles = removeValueFiles(platform);
  const session = loadSession(platform);
  const redactor = new Redactor();
  if (session) redactor.add(session.token);
  const fact = session ? await revokeSession(session, resolveTls(req.constraints.secrets, platform), resolveTimeoutMs(req.constraints.secrets, platform)) : undefined;
  if (session) platform.saveState(STATE_KEY, '');
  const check = revokeCheck(fact, req.ruleSource);
  const revokedLeases = fact?.leases.filter((l) => l.outcome === 'revoked' || l.outcome === 'with-token').map((l) => l.id) ?? [];
  const tokenState = fact ? (typeof fact.token === 'object' ? `failed (${fact.token.failure})` : fact.token) : 'none';
  return scrub(redactor, {
    checks: [check],
    details: { revoked: fact ? { accessor: fact.accessor, token: tokenState, leases: revokedLeases } : null, removedFiles },
    outputs: { 'revoked-token': tokenState, 'revoked-leases': String(revokedLeases.length) },
    summary: `${fact ? `### Vault revocation\n\nToken \`${fact.accessor}\`: ${tokenState}. Leases revoked: ${revokedLeases.length ? revokedLeases.map((l) => `\`${l}\``).join(', ') : 'none'}.` : '### Vault revocation\n\nNothing to revoke.'}${removedFiles.length ? ` Removed ${removedFiles.length} file(s) that held secret values.` : ''}`,
  });
}

async function scan(req: ActionRequest): Promise<ActionOutcome> {
  const result = await staticScan(req);
  return { checks: result.checks, artifacts: result.artifacts, details: { scan: { filesScanned: result.files } } };
}

const action: ActionModule = {
  name: 'require-vault-secrets',
  description: 'Secrets only from Vault at run time: OIDC login, short-lived token, masked export, revoked at job end; static credentials in the repository and CI config refused.',
  inputs: INPUTS,
  commands: { run, revoke, scan },
  post: 'revoke',
};
export default action;
