/**
 * Static-credential scan of a working tree: tracked files (or those changed since a base) plus
 * the CI configs, against the built-in rules and, when present, the repository's gitleaks rules
 * and allowlists. Findings carry at most the first 4 characters of a secret.
 */
import { lstat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { discoverCiConfigs, isGithubWorkflow, scanWorkflow } from './ci-config.js';
import { compileRules, pathAllowlisted, scanBuffer, scanPath, type EngineFinding } from './engine.js';
import { listFiles, readTextSync, type SkipReason } from './files.js';
import { loadGitleaksConfig } from './gitleaks-config.js';
import { builtinRules, type Allowlist, type ScanRule } from './rules.js';

export type ScanFinding = EngineFinding;

export interface ScanResult {
  findings: ScanFinding[];
  filesScanned: number;
  bytesScanned: number;
  /** Files not scanned, by reason; `unreadable` lists the paths (a scan that could not look is not clean). */
  skipped?: { counts: Partial<Record<SkipReason, number>>; unreadable: string[] };
  /** CI config files that were scanned (always, even in diff mode). */
  ciConfigs?: string[];
  /** The gitleaks config that was applied, relative to root when inside it. */
  gitleaksConfig?: string;
}

export interface ScanOptions {
  root: string;
  /** Only files changed since this revision (CI configs are always scanned). */
  diffBase?: string;
  /** A gitleaks TOML config; default `.gitleaks.toml` at root when present. */
  gitleaksConfig?: string;
  /** Secret names a workflow may take from the CI system (`secrets.static-allowed`). */
  staticAllowed: string[];
  /** Files larger than this are skipped (default 1 MiB). */
  maxFileBytes?: number;
  /** Accepted for compatibility and ignored: files are read one after another, synchronously (faster here). */
  concurrency?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

/** Longest stretch of synchronous scanning before the event loop gets a turn. */
const YIELD_MS = 50;

async function exists(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isFile();
  } catch {
    return false;
  }
}

export async function scanTree(options: ScanOptions): Promise<ScanResult> {
  const root = resolve(options.root);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;

  let rules: ScanRule[] = builtinRules();
  let allowlists: Allowlist[] = [];
  let configRel: string | undefined;
  const configPath = options.gitleaksConfig
    ? isAbsolute(options.gitleaksConfig)
      ? options.gitleaksConfig
      : join(root, options.gitleaksConfig)
    : (await exists(join(root, '.gitleaks.toml')))
      ? join(root, '.gitleaks.toml')
      : undefined;
  if (configPath) {
    const rel = relative(root, configPath);
    configRel = rel.startsWith('..') || isAbsolute(rel) ? configPath : rel.split('\\').join('/');
    const cfg = await loadGitleaksConfig(configPath, configRel);
    rules = [...rules, ...cfg.rules];
    allowlists = cfg.allowlists;
  }
  const compiled = compileRules(rules, allowlists);

  const { files } = await listFiles(root, options.diffBase);
  const ciConfigs = await discoverCiConfigs(root, files);
  const ciSet = new Set(ciConfigs);
  const targets = [...new Set([...files, ...ciConfigs])].filter((f) => f !== configRel);

  const findings: EngineFinding[] = [];
  const counts: Partial<Record<SkipReason, number>> = {};
  const unreadable: string[] = [];
  let filesScanned = 0;
  let bytesScanned = 0;

  // One synchronous pass (see readTextSync), yielding to the event loop now and then so timers
  // and signals are still served during a long scan.
  const scratch: { buf?: Buffer } = {};
  let lastYield = Date.now();
  for (const file of targets) {
    if (Date.now() - lastYield > YIELD_MS) {
      await new Promise<void>((r) => setImmediate(r));
      lastYield = Date.now();
    }
    const isCi = ciSet.has(file);
    if (!isCi && pathAllowlisted(compiled, file)) continue;
    findings.push(...scanPath(file, compiled));
    const read = readTextSync(root, file, maxFileBytes, scratch);
    if (!read.ok) {
      if (read.reason === 'missing') continue; // tracked but deleted in the work tree
      counts[read.reason] = (counts[read.reason] ?? 0) + 1;
      if (read.reason === 'unreadable') unreadable.push(file);
      continue;
    }
    filesScanned++;
    bytesScanned += read.bytes;
    findings.push(...scanBuffer(read.buffer, file, compiled));
    if (isCi && isGithubWorkflow(file)) findings.push(...scanWorkflow(read.buffer.toString('utf8'), file, options.staticAllowed));
  }

  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule)));
  const result: ScanResult = {
    findings: findings.map((f) => ({ ...f })),
    filesScanned,
    bytesScanned,
    skipped: { counts, unreadable: unreadable.sort() },
    ciConfigs,
  };
  if (configRel) result.gitleaksConfig = configRel;
  return result;
}
export { builtinRules } from './rules.js';
