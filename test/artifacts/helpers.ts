import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionRequest } from '../../shared/actions/types.js';
import type { PipelineContext } from '../../shared/context/types.js';
import type { ArtifactsPolicy } from '../../shared/policy/sections/artifacts.js';
import type { RuleSource } from '../../shared/policy/resolve.js';
import { memoryPlatform, type MemoryPlatform } from '../helpers/memory-platform.js';

export const src: RuleSource = (path) => ({ policyPath: `environments.production.${path.join('.')}`, location: { file: 'ci-constraints.yml', line: 10, column: 5 } });

export function tmp(prefix = 'cic-art-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The same release run as each platform's context provider would describe it. */
export const CONTEXTS: Record<'github' | 'gitlab' | 'circleci', PipelineContext> = {
  github: {
    platform: 'github', event: 'push', ref: 'refs/tags/v1.2.3', refType: 'tag', sha: 'a'.repeat(40), repository: 'acme/app',
    runner: { kind: 'hosted', os: 'Linux', arch: 'X64' }, workflow: 'release', workflowRef: 'acme/app/.github/workflows/release.yml@refs/tags/v1.2.3',
    runId: '1234', runAttempt: '1', jobId: 'sign', serverUrl: 'https://github.com', identitySource: 'oidc', time: '2026-05-01T12:00:00Z', actor: 'octocat',
  },
  gitlab: {
    platform: 'gitlab', event: 'push', ref: 'refs/tags/v1.2.3', refType: 'tag', sha: 'b'.repeat(40), repository: 'acme/group/app',
    runner: { kind: 'self-hosted', name: 'shell-1' }, workflow: '.gitlab-ci.yml', runId: '777', jobId: '9001', serverUrl: 'https://gitlab.example.com',
    identitySource: 'oidc', time: '2026-05-01T12:00:00Z',
  },
  circleci: {
    platform: 'circleci', event: 'webhook', ref: 'refs/tags/v1.2.3', refType: 'tag', sha: 'c'.repeat(40), repository: 'acme/app',
    runner: { kind: 'hosted' }, workflow: 'release', runId: 'f00d-42', jobId: '17', serverUrl: 'https://circleci.com',
    identitySource: 'env', time: '2026-05-01T12:00:00Z',
  },
};

export interface KeyPair {
  alg: 'ecdsa-p256' | 'ed25519';
  privatePem: string;
  publicPem: string;
  privFile: string;
  pubFile: string;
}

export function keyPair(alg: 'ecdsa-p256' | 'ed25519', dir: string, tag: string = alg): KeyPair {
  const kp = alg === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const privatePem = kp.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = kp.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privFile = join(dir, `${tag}.key.pem`);
  const pubFile = join(dir, `${tag}.pub.pem`);
  writeFileSync(privFile, privatePem, { mode: 0o600 });
  writeFileSync(pubFile, publicPem);
  return { alg, privatePem, publicPem, privFile, pubFile };
}

export function request(opts: {
  inputs?: Record<string, string>;
  variables?: Record<string, string>;
  artifacts?: ArtifactsPolicy;
  context?: PipelineContext;
}): { req: ActionRequest; platform: MemoryPlatform } {
  const context = opts.context ?? CONTEXTS.github;
  const platform = memoryPlatform({ name: context.platform, inputs: opts.inputs ?? {}, variables: opts.variables ?? {} });
  const artifacts = opts.artifacts;
  const req: ActionRequest = {
    context,
    policy: { version: 1, environments: { production: artifacts ? { artifacts } : {} } },
    environment: 'production',
    constraints: artifacts ? { artifacts } : {},
    ruleSource: src,
    platform,
    mode: 'enforce',
    now: new Date('2026-05-01T12:00:00Z'),
  };
  return { req, platform };
}

export function run(cmd: string, args: string[], cwd?: string): { code: number; out: string } {
  try {
    const out = execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, out };
  } catch (err) {
    const e = err as { status?: number; stdout?: string; stderr?: string };
    return { code: e.status ?? -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

export function write(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = join(dir, rel);
    execFileSync('mkdir', ['-p', join(p, '..')]);
    writeFileSync(p, content);
  }
}
