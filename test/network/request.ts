import type { ActionRequest } from '../../shared/actions/types.js';
import type { PipelineContext } from '../../shared/context/types.js';
import type { Mode } from '../../shared/decision.js';
import { loadPolicyText } from '../../shared/policy/load.js';
import { resolveEnvironment, ruleSourceFor } from '../../shared/policy/resolve.js';
import type { Platform } from '../../shared/platform/types.js';

export const NOW = new Date('2026-05-01T12:00:00Z');

export const CONTEXT: PipelineContext = {
  platform: 'local',
  event: 'push',
  ref: 'refs/heads/main',
  refType: 'branch',
  sha: '0'.repeat(40),
  repository: 'acme/app',
  runner: { kind: 'self-hosted', os: 'linux' },
  identitySource: 'env',
  time: NOW.toISOString(),
};

/** An ActionRequest built the way the core builds it: policy text → loaded policy → environment → ruleSource. */
export function request(policyText: string, environment: string, platform: Platform, mode: Mode = 'enforce'): ActionRequest {
  const loaded = loadPolicyText(policyText, 'ci-constraints.yml');
  return {
    context: CONTEXT,
    policy: loaded.policy,
    environment,
    constraints: resolveEnvironment(loaded.policy, environment),
    ruleSource: ruleSourceFor(loaded, environment),
    platform,
    mode,
    now: NOW,
  };
}
