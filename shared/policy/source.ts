import { readFileSync, statSync } from 'node:fs';
import type { PipelineContext } from '../context/types.js';
import { CiConstraintsError, ConfigError } from '../errors.js';
import type { ApiClient } from '../platform/api.js';
import { loadPolicyText, MAX_POLICY_BYTES, sha256Hex, type LoadedPolicy } from './load.js';
import { checkReferences } from './resolve.js';

/**
 * Where the policy that judges a run comes from (trust model 2): a pull request must not be able
 * to relax its own judge.
 *  - `local`: the file in the checkout (what the run itself brings);
 *  - `base`: the same path on the pull request's base branch, else the default branch, via the API;
 *  - `OWNER/REPO@REF`: a separate policy repository at a pinned ref, via the API.
 * Any source can be pinned further with `policy-sha256`.
 */
export interface PolicySourceOptions {
  path: string;
  source: string;
  sha256?: string;
  context: PipelineContext;
  /** Built lazily: only API-backed sources pay for it. */
  api?: () => Promise<ApiClient | undefined>;
}

export interface SourcedPolicy extends LoadedPolicy {
  /** `file:PATH`, `github:OWNER/REPO@REF:PATH`, `gitlab:…`. */
  source: string;
  notes: string[];
}

const PR_EVENTS = new Set(['pull_request', 'pull_request_target', 'merge_request_event', 'external_pull_request_event']);

export async function loadPolicy(options: PolicySourceOptions): Promise<SourcedPolicy> {
  const notes: string[] = [];
  const spec = options.source || 'local';
  let text: string;
  let source: string;
  if (spec === 'local') {
    text = await readLocal(options.path);
    source = `file:${options.path}`;
  } else if (spec === 'base' || /^[^\s@]+\/[^\s@]+@[^\s@]+$/.test(spec)) {
    const { repository, ref } = spec === 'base' ? await baseLocation(options) : splitRepoRef(spec);
    text = await readRemote(options, repository, ref);
    source = `${options.context.platform}:${repository}@${ref}:${options.path}`;
  } else {
    throw new ConfigError('usage', `policy-source "${spec}" is not understood`, { hint: 'use local, base, or OWNER/REPO@REF (a pinned ref of a policy repository)' });
  }
  const sha256 = sha256Hex(text);
  if (options.sha256 !== undefined) {
    const pin = options.sha256.replace(/^sha256:/, '').toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(pin)) throw new ConfigError('usage', 'policy-sha256 must be 64 hex digits (optionally prefixed sha256:)');
    if (pin !== sha256) {
      throw new ConfigError('policy-digest-mismatch', `the policy from ${source} has sha256 ${sha256}, but policy-sha256 pins ${pin}`, {
        hint: 'someone changed the policy: review the change, then update the pin',
      });
    }
  }
  const loaded = loadPolicyText(text, options.path);
  checkReferences(loaded);
  if (spec === 'local' && PR_EVENTS.has(options.context.event)) notes.push(await compareWithBase(options, sha256));
  return { ...loaded, source, notes };
}

async function readLocal(path: string): Promise<string> {
  let size: number;
  try {
    const s = statSync(path);
    if (!s.isFile()) throw new ConfigError('policy-not-found', `policy ${path} is not a regular file`);
    size = s.size;
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError('policy-not-found', `policy file ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, {
      hint: 'create ci-constraints.yml at the repository root, or pass --policy PATH (input `policy`)',
    });
  }
  if (size > MAX_POLICY_BYTES) {
    throw new ConfigError('policy-too-large', `${path} is ${size} bytes; a policy may be at most ${MAX_POLICY_BYTES} bytes (1 MiB)`, { hint: 'point --policy at the real policy file' });
  }
  return readFileSync(path, 'utf8');
}

function splitRepoRef(spec: string): { repository: string; ref: string } {
  const at = spec.lastIndexOf('@');
  return { repository: spec.slice(0, at), ref: spec.slice(at + 1) };
}

async function client(options: PolicySourceOptions): Promise<ApiClient> {
  const api = await options.api?.();
  if (!api) {
    throw new ConfigError('usage', `policy-source ${options.source} reads the policy through the ${options.context.platform} API, which needs a token`, {
      hint: 'pass the `github-token` input (GitHub) or `gitlab-token` (GitLab)',
    });
  }
  return api;
}

async function baseLocation(options: PolicySourceOptions): Promise<{ repository: string; ref: string }> {
  const ctx = options.context;
  const repository = ctx.baseRepository ?? ctx.repository;
  if (ctx.baseRef) return { repository, ref: ctx.baseRef.replace(/^refs\/heads\//, '') };
  const api = await client(options);
  const path = ctx.platform === 'gitlab' ? `/projects/${encodeURIComponent(repository)}` : `/repos/${repository}`;
  const res = await api.get<{ default_branch?: string }>(path);
  const branch = res.data?.default_branch;
  if (!branch) throw new CiConstraintsError('api-failed', `could not read the default branch of ${repository} (HTTP ${res.status} from ${path})`);
  return { repository, ref: branch };
}

async function readRemote(options: PolicySourceOptions, repository: string, ref: string): Promise<string> {
  const api = await client(options);
  const gitlab = options.context.platform === 'gitlab';
  const path = gitlab
    ? `/projects/${encodeURIComponent(repository)}/repository/files/${encodeURIComponent(options.path)}?ref=${encodeURIComponent(ref)}`
    : `/repos/${repository}/contents/${options.path.split('/').map(encodeURIComponent).join('/')}?ref=${encodeURIComponent(ref)}`;
  const res = await api.get<{ content?: string; encoding?: string; size?: number }>(path);
  if (res.status === 404) throw new ConfigError('policy-not-found', `${options.path} does not exist in ${repository} at ${ref}`, { hint: 'commit the policy to that branch first, or use policy-source local' });
  const content = res.data?.content;
  if (res.status !== 200 || typeof content !== 'string' || res.data?.encoding !== 'base64') {
    throw new CiConstraintsError('api-failed', `could not read ${options.path} from ${repository}@${ref} (HTTP ${res.status} from ${path.split('?')[0]})`);
  }
  const bytes = Buffer.from(content, 'base64');
  if (bytes.length > MAX_POLICY_BYTES) throw new ConfigError('policy-too-large', `${options.path} in ${repository}@${ref} is larger than 1 MiB`);
  return bytes.toString('utf8');
}

async function compareWithBase(options: PolicySourceOptions, localSha: string): Promise<string> {
  try {
    const { repository, ref } = await baseLocation(options);
    const base = sha256Hex(await readRemote(options, repository, ref));
    return base === localSha
      ? `the local policy is identical to ${repository}@${ref}`
      : `the local policy DIFFERS from ${repository}@${ref} (sha256 ${base.slice(0, 12)}…): this change request may be relaxing the policy that judges it; use policy-source: base to judge with the base branch's policy`;
  } catch (err) {
    return `could not compare the local policy with the base branch's (${(err as Error).message.split('\n')[0]}); use policy-source: base to judge with the base branch's policy`;
  }
}
