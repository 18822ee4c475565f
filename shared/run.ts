import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadAction } from './actions/index.js';
import type { ActionOutcome } from './actions/types.js';
import type { PipelineContext } from './context/types.js';
import { decide, isViolation, type ActionName, type Decision, type Mode } from './decision.js';
import { CiConstraintsError, ConfigError, errorMessage } from './errors.js';
import { loadPolicy } from './policy/source.js';
import { resolveEnvironment, ruleSourceFor } from './policy/resolve.js';
import { buildContext } from './platform/context.js';
import type { Env } from './platform/env.js';
import type { RunnerPlatform } from './platform/index.js';
import { emitNative } from './report/native.js';
import { toJsonReport } from './report/json.js';
import { toText } from './report/text.js';

export const VERSION = '0.1.0';

export interface RunOptions {
  action: ActionName;
  command: string;
  policy: string;
  policySource?: string;
  policySha256?: string;
  environment?: string;
  mode?: string;
  format: 'text' | 'json';
  report?: string;
  contextFile?: string;
  at?: string;
  color: boolean;
  verbose: boolean;
  debug: boolean;
  /** Skip platform-native reports and stdout (policy test). */
  quiet?: boolean;
}

export interface RunResult {
  decision: Decision;
  exitCode: number;
  context?: PipelineContext;
}

/**
 * context → policy → checks → decision → reports, with one outer catch: whatever goes wrong,
 * the result is a deny (exit 2 for the user's configuration mistakes, 1 otherwise), reported on
 * every channel a successful run would use. Audit mode turns a deny into exit 0, loudly.
 */
export async function runAction(platform: RunnerPlatform, env: Env, options: RunOptions): Promise<RunResult> {
  const mode: Mode = options.mode === 'audit' ? 'audit' : 'enforce';
  let context: PipelineContext | undefined;
  let decision: Decision;
  let outcome: ActionOutcome | undefined;
  let configError = false;
  try {
    if (options.mode !== undefined && options.mode !== 'enforce' && options.mode !== 'audit') {
      throw new ConfigError('usage', `mode must be "enforce" or "audit", not "${options.mode}"`);
    }
    if (!options.environment) throw new ConfigError('usage', 'no environment given', { hint: 'pass --environment NAME (input `environment`): one of the environments in the policy' });
    const now = options.at !== undefined ? parseAt(options.at) : new Date();
    context = await buildContext(platform.name, env, { contextFile: options.contextFile, now });
    const ctx = context;
    const policy = await loadPolicy({
      path: options.policy,
      source: options.policySource ?? 'local',
      sha256: options.policySha256,
      context: ctx,
      api: async () => {
        const { policyApi } = await import('./platform/context.js');
        return policyApi(platform, ctx);
      },
    });
    const constraints = resolveEnvironment(policy.policy, options.environment);
    const module = await loadAction(options.action);
    const handler = module.commands[options.command];
    if (!handler) {
      throw new ConfigError('usage', `${options.action} has no command "${options.command}"`, { hint: `commands: ${Object.keys(module.commands).join(', ')}` });
    }
    outcome = await handler({
      context: ctx,
      policy: policy.policy,
      environment: options.environment,
      constraints,
      ruleSource: ruleSourceFor(policy, options.environment),
      platform,
      mode,
      now,
    });
    const checks = outcome.checks;
    decision = {
      action: options.action,
      decision: decide(checks),
      environment: options.environment,
      mode,
      policy: { source: policy.source, sha256: policy.sha256 },
      violations: checks.filter(isViolation),
      checks,
      notes: [...policy.notes, ...(outcome.notes ?? [])],
      ...(outcome.details ? { details: outcome.details } : {}),
    };
    if (checks.length === 0) decision.notes.push('no rule was evaluated: nothing was verified, so the decision is deny');
  } catch (err) {
    configError = err instanceof ConfigError;
    const rule = configError ? 'config.error' : err instanceof CiConstraintsError ? `error.${err.code}` : 'error.internal';
    if (options.debug && err instanceof Error && err.stack) platform.log.debug(err.stack);
    decision = {
      action: options.action,
      decision: 'deny',
      environment: options.environment ?? '',
      mode,
      policy: { source: options.policySource ?? `file:${options.policy}`, sha256: '' },
      violations: [{ rule, status: 'fail', message: errorMessage(err) }],
      checks: [{ rule, status: 'fail', message: errorMessage(err) }],
      notes: [],
    };
  }

  const report = toJsonReport(decision, context, VERSION, new Date());
  if (!options.quiet) {
    // One file per invocation: a job may run an action twice (sign, then verify) and its post step.
    const invocation = `${options.action}${options.command === 'run' ? '' : `-${options.command}`}-${invocationId()}`;
    const reportPath = options.report ?? (platform.name === 'local' ? undefined : join(platform.tempDir(), `${invocation}.report.json`));
    if (reportPath) writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`);
    emitNative(platform, decision, outcome, reportPath, invocation);
    platform.print(options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : toText(decision, { color: options.color, verbose: options.verbose }));
  }
  const exitCode = configError ? 2 : decision.decision === 'allow' || mode === 'audit' ? 0 : 1;
  return { decision, exitCode, ...(context ? { context } : {}) };
}

let invocations = 0;
/** Unique per run in the job: process, time, and a count for runs within one process. */
function invocationId(): string {
  return `${process.pid.toString(36)}-${Date.now().toString(36)}-${(invocations++).toString(36)}`;
}

function parseAt(at: string): Date {
  const d = new Date(at);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(at) || Number.isNaN(d.getTime())) throw new ConfigError('usage', `--at "${at}" is not an ISO 8601 date-time`, { hint: 'e.g. --at 2026-12-24T18:00:00+01:00' });
  return d;
}

function writeFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
