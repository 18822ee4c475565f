import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors.js';

/** One secret asked for: where it lives, which key, and where it goes. */
export interface SecretRequest {
  /** Environment variable / output name (for a wildcard: the prefix). */
  name: string;
  /** Vault path as written (`secret/ci/app` or vault-action's `secret/data/ci/app`). */
  path: string;
  /** A key of the secret; undefined = the whole secret as JSON; '*' = every key, each as name + KEY. */
  key?: string;
  /** KV version when given; detected from the mount otherwise. */
  kv?: 1 | 2;
  /** Write to a 0600 file and export `<NAME>_FILE` instead of the value. */
  file?: boolean;
  /** Also set a step output (GitHub only). */
  output?: boolean;
  /** Where it was written, for messages (`line 2`, `key DB_PASSWORD`). */
  source: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Names a secret may never be exported as: they change how later steps run (loader, shell, node,
 * CI system variables) rather than carry data.
 */
const RESERVED = new Set(['PATH', 'HOME', 'SHELL', 'IFS', 'ENV', 'BASH_ENV', 'PS4', 'PROMPT_COMMAND', 'LD_PRELOAD', 'LD_LIBRARY_PATH', 'LD_AUDIT', 'DYLD_INSERT_LIBRARIES', 'NODE_OPTIONS', 'NODE_PATH', 'PYTHONPATH', 'PYTHONSTARTUP', 'PERL5OPT', 'RUBYOPT', 'JAVA_TOOL_OPTIONS', 'GIT_SSH_COMMAND', 'GIT_CONFIG_GLOBAL']);
const RESERVED_PREFIXES = ['GITHUB_', 'RUNNER_', 'ACTIONS_', 'CI_', 'GITLAB_', 'CIRCLE_', 'INPUT_', 'STATE_', 'VAULT_'];

export function checkExportName(name: string, where: string): void {
  if (!NAME.test(name)) throw new ConfigError('input-invalid', `${where}: "${name}" is not a valid variable name`, { hint: 'use letters, digits and underscores, not starting with a digit' });
  const upper = name.toUpperCase();
  if (RESERVED.has(upper) || RESERVED_PREFIXES.some((p) => upper.startsWith(p))) {
    throw new ConfigError('input-invalid', `${where}: "${name}" is reserved (it changes how later steps or the CI system behave)`, { hint: 'pick another name for the secret' });
  }
}

/** vault-action's default output name for a key: upper case, every other character → `_`. */
export function defaultName(key: string): string {
  return key.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase();
}

function checkPath(path: string, where: string): string {
  const p = path.trim().replace(/^\/+|\/+$/g, '');
  if (!p || /(^|\/)\.\.?(\/|$)/.test(p) || /[?#\s\\]/.test(p) || p.includes('//')) {
    throw new ConfigError('input-invalid', `${where}: "${path}" is not a valid Vault path`, { hint: 'write it like secret/ci/app (no "..", spaces, "?" or "#")' });
  }
  return p;
}

/**
 * Parse the `secrets` input. Two forms:
 *
 * 1. vault-action lines, separated by `;` or newlines: `path key | NAME`, `path key` (NAME from the
 *    key), `path * | PREFIX_` (every key), and `path | NAME` (the whole secret as JSON);
 * 2. a YAML mapping: `NAME: path#key`, `NAME: path` (whole secret), or
 *    `NAME: { path, key, kv: 1|2, file: true, output: true }`.
 */
export function parseSecretsSpec(text: string): SecretRequest[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  let doc: unknown;
  try {
    doc = parseYaml(trimmed, { strict: true, uniqueKeys: true, maxAliasCount: 0 });
  } catch {
    doc = undefined;
  }
  const requests = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? fromMapping(doc as Record<string, unknown>) : fromLines(trimmed);
  const seen = new Map<string, string>();
  for (const r of requests) {
    const names = r.key === '*' ? [] : [r.file ? `${r.name}_FILE` : r.name];
    for (const n of names) {
      const before = seen.get(n);
      if (before) throw new ConfigError('input-invalid', `secrets: ${r.source} exports ${n}, which ${before} exports too`, { hint: 'give each secret its own name' });
      seen.set(n, r.source);
    }
  }
  return requests;
}

function fromLines(text: string): SecretRequest[] {
  const out: SecretRequest[] = [];
  const entries = text.split(/[;\n]/);
  entries.forEach((raw, i) => {
    const entry = raw.trim();
    if (!entry || entry.startsWith('#')) return;
    const where = `entry ${i + 1} ("${entry.length > 60 ? `${entry.slice(0, 57)}...` : entry}")`;
    const [left, right, ...extra] = entry.split('|').map((s) => s.trim());
    if (extra.length) throw new ConfigError('input-invalid', `secrets: ${where} has more than one "|"`, { hint: 'write path key | NAME' });
    const parts = (left ?? '').split(/\s+/).filter(Boolean);
    if (parts.length === 0 || parts.length > 2) throw new ConfigError('input-invalid', `secrets: ${where} is not "path key | NAME"`, { hint: 'one path, one key, then | and the variable name' });
    const path = checkPath(parts[0]!, `secrets: ${where}`);
    const key = parts[1];
    if (right !== undefined && !right) throw new ConfigError('input-invalid', `secrets: ${where} has an empty name after "|"`);
    if (key === undefined && right === undefined) throw new ConfigError('input-invalid', `secrets: ${where} names neither a key nor a variable`, { hint: 'write path key | NAME, or path | NAME for the whole secret as JSON' });
    const name = right ?? (key === '*' ? '' : defaultName(key!));
    if (key === '*') {
      if (name && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ConfigError('input-invalid', `secrets: ${where}: prefix "${name}" is not a valid variable name prefix`);
    } else checkExportName(name, `secrets: ${where}`);
    out.push({ name, path, ...(key !== undefined ? { key } : {}), source: where });
  });
  return out;
}

function fromMapping(doc: Record<string, unknown>): SecretRequest[] {
  return Object.entries(doc).map(([name, value]) => {
    const where = `key ${name}`;
    if (typeof value === 'string') {
      checkExportName(name, `secrets: ${where}`);
      const hash = value.lastIndexOf('#');
      if (hash === -1) return { name, path: checkPath(value, `secrets: ${where}`), source: where };
      const key = value.slice(hash + 1).trim();
      if (!key) throw new ConfigError('input-invalid', `secrets: ${where}: empty key after "#"`);
      return { name, path: checkPath(value.slice(0, hash), `secrets: ${where}`), key, source: where };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ConfigError('input-invalid', `secrets: ${where} must be "path#key" or a mapping with path (and key, kv, file, output)`);
    }
    const v = value as Record<string, unknown>;
    const unknown = Object.keys(v).filter((k) => !['path', 'key', 'kv', 'file', 'output'].includes(k));
    if (unknown.length) throw new ConfigError('input-invalid', `secrets: ${where}: unknown field(s) ${unknown.join(', ')}`, { hint: 'allowed: path, key, kv, file, output' });
    if (typeof v.path !== 'string') throw new ConfigError('input-invalid', `secrets: ${where}: path is required`);
    if (v.key !== undefined && (typeof v.key !== 'string' || !v.key)) throw new ConfigError('input-invalid', `secrets: ${where}: key must be a non-empty string`);
    if (v.kv !== undefined && v.kv !== 1 && v.kv !== 2) throw new ConfigError('input-invalid', `secrets: ${where}: kv must be 1 or 2`);
    for (const flag of ['file', 'output'] as const) {
      if (v[flag] !== undefined && typeof v[flag] !== 'boolean') throw new ConfigError('input-invalid', `secrets: ${where}: ${flag} must be true or false`);
    }
    if (v.key === '*') {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ConfigError('input-invalid', `secrets: ${where}: prefix is not a valid variable name prefix`);
    } else checkExportName(name, `secrets: ${where}`);
    if (v.file === true && v.key === '*') throw new ConfigError('input-invalid', `secrets: ${where}: file: true cannot be combined with key "*"`);
    const req: SecretRequest = { name, path: checkPath(v.path, `secrets: ${where}`), source: where };
    if (typeof v.key === 'string') req.key = v.key;
    if (v.kv === 1 || v.kv === 2) req.kv = v.kv;
    if (v.file === true) req.file = true;
    if (v.output === true) req.output = true;
    return req;
  });
}
