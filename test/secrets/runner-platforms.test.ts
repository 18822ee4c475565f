// The action through the core's real platform adapters (shared/platform/index.ts): GitHub file
// commands (GITHUB_ENV heredoc, GITHUB_STATE → STATE_* for the post step, add-mask on stdout),
// GitLab's sourced env file and CircleCI's BASH_ENV, each read back by a real bash.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import action from '../../shared/actions/require-vault-secrets.js';
import { decide } from '../../shared/decision.js';
import { createPlatform } from '../../shared/platform/index.js';
import { encodings } from '../../shared/platform/redact.js';
import { AUDIENCE, CANARY, CANARY_USER, circleciClaims, gitlabClaims, startStack } from './helpers.js';
import { makeRequest, policyYaml } from './request.js';
import { parseFileCommandText } from '../helpers/spawn.js';

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack.close());

const SECRETS = 'secret/ci/app password | DB_PASSWORD; kv1/ci/app user | DB_USER';
const noCanary = (text: string) => encodings(CANARY).filter((f) => f.length >= 6).filter((f) => text.includes(f));


it('github: GITHUB_ENV heredoc, add-mask for every line, state handed to the post step, which revokes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-runner-'));
  const files = { GITHUB_ENV: join(dir, 'env'), GITHUB_STATE: join(dir, 'state'), GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
  for (const f of Object.values(files)) writeFileSync(f, '');
  // A loopback stand-in for GitHub's OIDC token endpoint.
  const { createServer } = await import('node:http');
  const oidc = createServer(async (req, res) => {
    const aud = new URL(req.url ?? '/', 'http://x').searchParams.get('audience') ?? '';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ value: await stack.issuer.sign({ sub: 'repo:acme/app:environment:production', repository: 'acme/app', ref: 'refs/heads/main', environment: 'production' }, { audience: aud }) }));
  });
  await new Promise<void>((r) => oidc.listen(0, '127.0.0.1', () => r()));
  const env = {
    ...files,
    RUNNER_TEMP: dir,
    GITHUB_RUN_ID: '1',
    GITHUB_JOB: 'deploy',
    ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${(oidc.address() as { port: number }).port}/token`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
    INPUT_SECRETS: SECRETS,
    INPUT_SCAN: 'false',
  };
  const stdout: string[] = [];
  try {
    const p = createPlatform('github', env, { write: (_s, t) => void stdout.push(t) });
    const out = await action.commands.run(makeRequest(p, policyYaml(stack.vault.url)));
    expect(decide(out.checks)).toBe('allow');
    const exported = parseFileCommandText(readFileSync(files.GITHUB_ENV, 'utf8'));
    expect(exported).toEqual({ DB_PASSWORD: CANARY, DB_USER: CANARY_USER });
    const masks = stdout.filter((l) => l.startsWith('::add-mask::')).map((l) => l.slice('::add-mask::'.length).trim());
    for (const line of CANARY.split('\n')) expect(masks).toContain(line);
    expect(masks).toContain(Buffer.from(CANARY).toString('base64'));
    expect(masks).toContain(CANARY_USER);

    // The post step: the runner turns GITHUB_STATE entries into STATE_<name> variables.
    const state = parseFileCommandText(readFileSync(files.GITHUB_STATE, 'utf8'));
    expect(Object.keys(state)).toEqual(['vault_session']);
    const postEnv = { ...env, ...Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v])) };
    const post = createPlatform('github', postEnv, { write: (_s, t) => void stdout.push(t) });
    const revoked = await action.commands[action.post!]!(makeRequest(post, policyYaml(stack.vault.url)));
    expect(revoked.checks[0]).toMatchObject({ rule: 'secrets.revoke', status: 'pass' });
    const session = JSON.parse(state.vault_session!);
    expect(stack.vault.token(session.token)).toBeUndefined();
    // The token is masked in the post step too.
    expect(stdout.some((l) => l === `::add-mask::${session.token}\n`)).toBe(true);
    const nonMaskLines = stdout.filter((l) => !l.startsWith('::add-mask::')).join('');
    expect(noCanary(nonMaskLines)).toEqual([]);
  } finally {
    await new Promise((r) => oidc.close(r));
  }
});

it.each([
  ['gitlab', 'gitlab', gitlabClaims(), 'CI_CONSTRAINTS_ID_TOKEN'],
  ['circleci', 'circleci', circleciClaims(), 'CIRCLE_OIDC_TOKEN_V2'],
] as const)('%s: values reach a later bash step through the sourced env file; nothing printed; revoke in after_script', async (name, role, claims, tokenVar) => {
  const dir = mkdtempSync(join(tmpdir(), `${name}-runner-`));
  const bashEnv = join(dir, 'bash_env');
  writeFileSync(bashEnv, '');
  const jwt = await stack.issuer.sign(claims, { audience: AUDIENCE });
  const env: Record<string, string> = { [tokenVar]: jwt, CI_JOB_ID: `job-${Date.now()}`, CIRCLE_WORKFLOW_JOB_ID: `wf-${Date.now()}` };
  if (name === 'circleci') env.BASH_ENV = bashEnv;
  const printed: string[] = [];
  const envFile = join(dir, 'ci-constraints.env');
  const flags = { secrets: SECRETS, scan: 'false', ...(name === 'gitlab' ? { 'export-file': envFile } : {}) };
  const p = createPlatform(name, env, { flags, write: (_s, t) => void printed.push(t) });
  const req = makeRequest(p, policyYaml(stack.vault.url, { auth: { method: 'jwt', role, audience: AUDIENCE } }));
  const out = await action.commands.run(req);
  expect(decide(out.checks)).toBe('allow');
  const sourced = name === 'gitlab' ? envFile : bashEnv;
  const seen = execFileSync('bash', ['-c', `source "$1"; printf '%s' "$DB_PASSWORD"`, 'bash', sourced], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  expect(seen).toBe(CANARY);
  expect((readFileSync(sourced).length > 0)).toBe(true);
  // Nothing was printed at all, let alone a value.
  expect(printed.join('')).toBe('');

  // after_script / when: always — a new process of the same job.
  const later = createPlatform(name, env, { flags: {}, write: (_s, t) => void printed.push(t) });
  const revoked = await action.commands.revoke!(makeRequest(later, policyYaml(stack.vault.url, { auth: { method: 'jwt', role, audience: AUDIENCE } })));
  expect(revoked.checks[0]).toMatchObject({ rule: 'secrets.revoke', status: 'pass' });
  expect(revoked.details).toMatchObject({ revoked: { token: 'revoked' } });
  expect(noCanary(JSON.stringify(revoked) + printed.join(''))).toEqual([]);
});
