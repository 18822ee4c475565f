import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { githubEnv } from './fixtures.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BUNDLE = join(ROOT, 'dist', 'verify-trigger.js');
export const CLI = join(ROOT, 'dist', 'cli.js');

/** The bundle must exist (npm run build); a test that silently skipped would prove nothing. */
export function requireBundle(): void {
  if (!existsSync(BUNDLE) || !existsSync(CLI)) throw new Error('dist/verify-trigger.js is missing: run `npm run build` before these tests');
}

import { parseFileCommandText as parseFileCommands } from '../helpers/spawn.js';
export { parseFileCommands };

export interface BundleRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  report: { decision: string; violations: { rule: string; message: string }[]; checks: { rule: string; status: string; message: string; seen?: unknown; required?: unknown }[] } | undefined;
  violated: string[];
}

export interface BundleOptions {
  event: string;
  payload: unknown;
  policy: string;
  environment: string;
  env?: Record<string, string | undefined>;
  inputs?: Record<string, string>;
  node?: string;
}

/** Run dist/verify-trigger.js the way the runner does: INPUT_*, GITHUB_EVENT_PATH, file commands. */
export async function runBundle(o: BundleOptions): Promise<BundleRun> {
  requireBundle();
  const dir = mkdtempSync(join(tmpdir(), 'cic-vt-'));
  const eventPath = join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(o.payload));
  const policyPath = join(dir, 'ci-constraints.yml');
  writeFileSync(policyPath, o.policy);
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary.md'), GITHUB_ENV: join(dir, 'env'), GITHUB_STATE: join(dir, 'state'), GITHUB_PATH: join(dir, 'path') };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const inputs: Record<string, string> = { policy: policyPath, environment: o.environment, mode: 'enforce', 'policy-source': 'local', ...o.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: dir,
    GITHUB_EVENT_PATH: eventPath,
    ...files,
  };
  for (const [k, v] of Object.entries({ ...githubEnv({ GITHUB_EVENT_NAME: o.event }), ...o.env })) if (v !== undefined) env[k] = v;
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(o.node ?? process.execPath, [BUNDLE], { env, cwd: dir, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 99) : 0;
      resolve({ code, stdout, stderr });
    });
  });
  const outputs = parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8'));
  const reportPath = outputs.report;
  const report = reportPath && existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as BundleRun['report']) : undefined;
  return { code, stdout, stderr, outputs, summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'), report, violated: [...new Set(report?.violations.map((v) => v.rule) ?? [])].sort() };
}
