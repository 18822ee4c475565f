import type { ActionRequest } from '../../shared/actions/types.js';
import type { PipelineContext, PlatformName } from '../../shared/context/types.js';
import type { Mode } from '../../shared/decision.js';
import type { Platform } from '../../shared/platform/types.js';
import { loadPolicyText } from '../../shared/policy/load.js';
import { resolveEnvironment, ruleSourceFor } from '../../shared/policy/resolve.js';

export function policyYaml(address: string, vault: Record<string, unknown> = {}, extra = ''): string {
  const v = { address, auth: { method: 'jwt', role: 'deploy', audience: 'https://vault.example.test' }, 'max-ttl': '15m', ...vault };
  return `version: 1
environments:
  production:
    secrets:
      vault: ${JSON.stringify(v)}
      static-allowed: [GITHUB_TOKEN]
${extra}`;
}

export function context(platform: PlatformName): PipelineContext {
  return {
    platform,
    event: 'push',
    ref: 'refs/heads/main',
    refType: 'branch',
    sha: '0123456789abcdef0123456789abcdef01234567',
    repository: 'acme/app',
    runner: { kind: 'hosted' },
    identitySource: 'oidc',
    time: new Date().toISOString(),
  };
}

export function makeRequest(platform: Platform, policyText: string, opts: { environment?: string; mode?: Mode; now?: Date } = {}): ActionRequest {
  const loaded = loadPolicyText(policyText, 'ci-constraints.yml');
  const environment = opts.environment ?? 'production';
  return {
    context: context(platform.name),
    policy: loaded.policy,
    environment,
    constraints: resolveEnvironment(loaded.policy, environment),
    ruleSource: ruleSourceFor(loaded, environment),
    platform,
    mode: opts.mode ?? 'enforce',
    now: opts.now ?? new Date(),
  };
}
