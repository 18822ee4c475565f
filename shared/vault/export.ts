import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import type { Platform } from '../platform/types.js';
import type { SecretValue } from './kv.js';
import { checkExportName } from './spec.js';

export interface ExportOptions {
  /** Export as environment variables for later steps (default true). */
  env: boolean;
  /** Set step outputs for every value (GitHub only); per-secret `output: true` also sets one. */
  outputs: boolean;
  /** Write every value to a file (per-secret `file: true` also does). */
  files: boolean;
}

/** What was exported, by name only: safe for reports. */
export interface ExportResult {
  env: string[];
  outputs: string[];
  files: { name: string; variable: string; path: string }[];
}

/**
 * Hand secret values to later steps. Every value is masked first (the platform registers it with
 * the CI system where it can, and with the redactor behind every log line). Then:
 * - env: `platform.exportVariable` (GitHub GITHUB_ENV heredoc, CircleCI BASH_ENV, GitLab a sourced file);
 * - files: mode 0600 inside a fresh 0700 directory under `platform.tempDir()`, path exported as `<NAME>_FILE`;
 * - outputs: only on GitHub, where outputs are masked; elsewhere outputs may land in dotenv artifacts.
 */
export function exportSecrets(platform: Platform, values: SecretValue[], options: ExportOptions): ExportResult {
  for (const v of values) platform.mask(v.value);
  const wantOutputs = options.outputs || values.some((v) => v.output);
  if (wantOutputs && platform.name !== 'github') {
    throw new ConfigError('input-invalid', `step outputs for secrets are only available on GitHub; on ${platform.name} they could end up in dotenv artifacts`, {
      hint: 'drop output: true / outputs: true and use the exported variables or files',
    });
  }
  const result: ExportResult = { env: [], outputs: [], files: [] };
  let dir: string | undefined;
  for (const v of values) {
    checkExportName(v.name, `secret ${v.name}`);
    if (options.files || v.file) {
      if (!dir) {
        dir = join(platform.tempDir(), `ci-constraints-secrets-${randomBytes(6).toString('hex')}`);
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        chmodSync(dir, 0o700);
      }
      const path = join(dir, v.name);
      writeFileSync(path, v.value, { mode: 0o600, flag: 'wx' });
      chmodSync(path, 0o600);
      const variable = `${v.name}_FILE`;
      platform.exportVariable(variable, path);
      result.files.push({ name: v.name, variable, path });
    } else if (options.env) {
      platform.exportVariable(v.name, v.value);
      result.env.push(v.name);
    }
    if (options.outputs || v.output) {
      platform.setOutput(v.name, v.value, { secret: true });
      result.outputs.push(v.name);
    }
  }
  return result;
}
