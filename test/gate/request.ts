import type { ActionRequest } from '../../shared/actions/types.js';
import type { PipelineContext, PlatformName } from '../../shared/context/types.js';
import { loadPolicyText } from '../../shared/policy/load.js';
import { checkReferences, resolveEnvironment, ruleSourceFor } from '../../shared/policy/resolve.js';
import { memoryPlatform, type MemoryPlatform } from '../helpers/memory-platform.js';

export const SHA = '0123456789abcdef0123456789abcdef01234567';

export function context(platform: PlatformName, extra: Partial<PipelineContext> = {}): PipelineContext {
  const base: PipelineContext = {
    platform,
    event: platform === 'gitlab' ? 'push' : platform === 'circleci' ? 'webhook' : 'push',
    ref: 'refs/heads/main',
    refType: 'branch',
    sha: SHA,
    repository: platform === 'gitlab' ? 'acme/group/app' : 'acme/app',
    runner: { kind: 'hosted' },
    identitySource: 'env',
    time: '2026-03-10T12:00:00Z',
  };
  if (platform === 'github') base.serverUrl = 'https://github.com';
  if (platform === 'gitlab') base.serverUrl = 'https://gitlab.example';
  return { ...base, ...extra };
}

/** A real ActionRequest: the policy text goes through the loader, extends and ruleSource. */
export function gateRequest(
  policyYaml: string,
  opts: { environment?: string; platform?: PlatformName; inputs?: Record<string, string>; variables?: Record<string, string>; now?: Date; ctx?: Partial<PipelineContext> } = {},
): ActionRequest & { platform: MemoryPlatform } {
  const environment = opts.environment ?? 'production';
  const loaded = loadPolicyText(policyYaml, 'ci-constraints.yml');
  checkReferences(loaded);
  const platform = memoryPlatform({ name: opts.platform ?? 'github', inputs: opts.inputs ?? {}, variables: opts.variables ?? {} });
  return {
    context: context(opts.platform ?? 'github', opts.ctx),
    policy: loaded.policy,
    environment,
    constraints: resolveEnvironment(loaded.policy, environment),
    ruleSource: ruleSourceFor(loaded, environment),
    platform,
    mode: 'enforce',
    now: opts.now ?? new Date('2026-03-10T12:00:00Z'),
  };
}
