import { isAbsolute } from 'node:path';
import type { PipelineContext } from '../context/types.js';
import { CiConstraintsError, ConfigError, errorMessage } from '../errors.js';
import { forgeBaseUrl, forgeClient, type ApiClient } from '../platform/api.js';
import type { Platform } from '../platform/types.js';
import type { GatePolicy } from '../policy/sections/gate.js';
import { DURATION_PATTERN, durationMs } from '../policy/sections/common.js';
import { analyzeSarif, expandSarifInputs, splitList, type CountPolicy } from '../sarif/index.js';
import type { GateFacts } from '../checks/gate.js';
import { githubObserved, gitlabObserved, waitForRequiredChecks, type Observed, type RequiredChecksFacts } from './required-checks.js';
import { githubNewestAnalysis, type AnalysisTime } from './scan-age.js';

/** The gate's I/O: read the SARIF inputs, ask the platform API about checks and scans. */
export interface GateInputs {
  sarif: string[];
  baseline: string[];
  githubToken?: string | undefined;
  gitlabToken?: string | undefined;
  waitForChecksMs: number;
  pollMs: number;
  maxAnnotations: number;
}

export function durationInput(platform: Platform, name: string, fallback: string): number {
  const raw = platform.input(name) ?? fallback;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  if (!DURATION_PATTERN.test(raw)) throw new ConfigError('input-invalid', `input ${name} is "${raw}", not a duration`, { hint: 'write it like "90s", "5m" or "0s" (a bare number means seconds)' });
  return durationMs(raw);
}

export function readGateInputs(platform: Platform): GateInputs {
  const githubToken = platform.input('github-token');
  const gitlabToken = platform.input('gitlab-token');
  if (githubToken) platform.mask(githubToken);
  if (gitlabToken) platform.mask(gitlabToken);
  const max = platform.input('max-annotations') ?? '10';
  if (!/^\d+$/.test(max)) throw new ConfigError('input-invalid', `input max-annotations is "${max}", not a whole number`, { hint: 'e.g. 10' });
  return {
    sarif: splitList(platform.input('sarif')),
    baseline: splitList(platform.input('baseline')),
    githubToken,
    gitlabToken,
    waitForChecksMs: durationInput(platform, 'wait-for-checks', '5m'),
    pollMs: Math.max(1, durationInput(platform, 'poll-interval', '10s')),
    maxAnnotations: Number(max),
  };
}

/** The repository checkout: where relative inputs are resolved and what is stripped from SARIF URIs. */
export function workspaceOf(platform: Platform): string {
  for (const v of ['GITHUB_WORKSPACE', 'CI_PROJECT_DIR', 'CIRCLE_WORKING_DIRECTORY']) {
    const w = platform.variable(v);
    if (w && isAbsolute(w)) return w.replace(/\/+$/, '');
  }
  return process.cwd();
}

export function countPolicy(gate: GatePolicy): CountPolicy {
  const s = gate.sarif;
  const tools: NonNullable<CountPolicy['tools']> = {};
  for (const [name, t] of Object.entries(s?.tools ?? {})) tools[name] = { rules: t.rules, paths: t.paths };
  return {
    rules: s?.rules,
    paths: s?.paths,
    tools,
    countSuppressed: s?.suppressions === 'count',
    honorBaselineState: s?.['baseline-state'] !== 'ignore',
    waivers: gate.waivers,
  };
}

type Api = { kind: 'github' | 'gitlab'; client: () => ApiClient };

function githubApi(platform: Platform): Api {
  return { kind: 'github', client: () => forgeClient(platform, 'github') };
}
function gitlabApi(platform: Platform): Api {
  forgeBaseUrl(platform, 'gitlab'); // fail now, naming CI_API_V4_URL, rather than at the first call
  return { kind: 'gitlab', client: () => forgeClient(platform, 'gitlab') };
}

/** Which API answers for this run: the platform's own, else the one a token was given for. */
export function pickApi(platform: Platform, ctx: PipelineContext, inputs: GateInputs): Api {
  if (ctx.platform === 'github') return githubApi(platform);
  if (ctx.platform === 'gitlab') return gitlabApi(platform);
  if (inputs.githubToken) return githubApi(platform);
  if (inputs.gitlabToken) return gitlabApi(platform);
  throw new CiConstraintsError('api-failed', `required checks cannot be read on ${ctx.platform} without an API token`, {
    hint: 'give github-token (repository on GitHub) or gitlab-token (on GitLab) so the gate can read the commit\'s checks',
  });
}

export async function lookupRequiredChecks(platform: Platform, ctx: PipelineContext, names: string[], inputs: GateInputs): Promise<RequiredChecksFacts> {
  const sha = ctx.headSha ?? ctx.sha;
  let api: Api;
  try {
    api = pickApi(platform, ctx, inputs);
  } catch (err) {
    return { source: ctx.platform, sha, checks: [], waitedMs: 0, error: errorMessage(err) };
  }
  const project = platform.variable('CI_PROJECT_ID') ?? ctx.repository;
  const pipeline = platform.variable('CI_PIPELINE_ID') ?? (ctx.platform === 'gitlab' ? ctx.runId : undefined);
  const source =
    api.kind === 'github'
      ? `GitHub check runs + commit statuses of ${ctx.repository}@${sha.slice(0, 12)}`
      : `GitLab jobs of pipeline ${pipeline ?? '(none)'} + commit statuses of ${project}@${sha.slice(0, 12)}`;
  // A fresh client per poll: the API client caches every GET for the run.
  const observe = (): Promise<Observed[]> => (api.kind === 'github' ? githubObserved(api.client(), ctx.repository, sha) : gitlabObserved(api.client(), project, pipeline, sha));
  try {
    const { checks, waitedMs } = await waitForRequiredChecks(names, observe, {
      timeoutMs: inputs.waitForChecksMs,
      pollMs: inputs.pollMs,
      onWait: (pending, waited) => platform.log.info(`security-gate: waiting for ${pending.join(', ')} (${Math.round(waited / 1000)}s of ${Math.round(inputs.waitForChecksMs / 1000)}s)`),
    });
    return { source, sha, checks, waitedMs };
  } catch (err) {
    return { source, sha, checks: [], waitedMs: 0, error: errorMessage(err) };
  }
}

export async function lookupScanAge(platform: Platform, ctx: PipelineContext, sarifNewest: AnalysisTime | undefined, inputs: GateInputs): Promise<NonNullable<GateFacts['scanAge']>> {
  const looked = ['SARIF invocations[].endTimeUtc'];
  if (sarifNewest) return { newest: sarifNewest, looked };
  const useGithub = ctx.platform === 'github' || (inputs.githubToken !== undefined && ctx.platform !== 'gitlab');
  if (!useGithub || !inputs.githubToken) return { looked };
  looked.push(`GitHub code-scanning analyses for ${ctx.ref}`);
  try {
    const newest = await githubNewestAnalysis(githubApi(platform).client(), ctx.repository, ctx.ref);
    return newest ? { newest, looked } : { looked };
  } catch (err) {
    return { looked, error: errorMessage(err) };
  }
}

/** Gather every fact the gate's rules judge. Never throws for bad SARIF or API failures: those become facts that fail. */
export async function gatherGateFacts(platform: Platform, ctx: PipelineContext, gate: GatePolicy, inputs: GateInputs, now: Date): Promise<GateFacts> {
  const facts: GateFacts = {};
  const workspace = workspaceOf(platform);
  if (inputs.sarif.length > 0) {
    const scan = expandSarifInputs(inputs.sarif, workspace);
    const base = inputs.baseline.length > 0 ? expandSarifInputs(inputs.baseline, workspace) : { files: [], problems: [] };
    const sarif = await analyzeSarif({ files: scan.files, baselineFiles: base.files, policy: countPolicy(gate), now, workspace });
    facts.sarif = { ...sarif, inputGiven: true, inputProblems: [...scan.problems, ...base.problems.map((p) => ({ ...p, entry: `baseline ${p.entry}` }))] };
  } else if (inputs.baseline.length > 0) {
    throw new ConfigError('input-invalid', 'input baseline is set but sarif is not', { hint: 'give the current scan results with `sarif`' });
  }
  const names = gate['required-checks'] ?? [];
  if (names.length > 0) facts.requiredChecks = await lookupRequiredChecks(platform, ctx, names, inputs);
  if (gate['max-scan-age'] !== undefined) {
    const t = facts.sarif?.newestAnalysis;
    facts.scanAge = await lookupScanAge(platform, ctx, t ? { time: t, source: 'SARIF invocations[].endTimeUtc' } : undefined, inputs);
  }
  return facts;
}
