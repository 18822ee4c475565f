// Unit tests for the library fixes the runner tests led to (each also exercised through the bundle).
import { builtinRules } from '../../shared/scan/rules.js';
import { compileRules, scanText } from '../../shared/scan/engine.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { commandRunner } from '../../shared/network/firewall/system.js';
import { ROOT } from './harness.js';

const compiled = compileRules(builtinRules());
const rulesIn = (line: string) => scanText(`${line}\n`, '.github/workflows/deploy.yml', compiled).map((f) => f.rule);

describe('static scan: a vault-action secrets line in a workflow is not a credential', () => {
  it.each([
    ['          secrets: secret/ci/app password | DB_PASSWORD'],
    ['          secrets: secret/data/ci/aws accessKey | AWS_ACCESS_KEY_ID ;'],
    ['  VAULT_SECRET: kv/data/team-a/app'],
    ['token: /run/secrets/deploy-token'],
  ])('%s → no finding', (line) => {
    expect(rulesIn(line)).toEqual([]);
  });

  it.each([
    ['db_password: hunter2/x9Kq7Lm3'],
    ['secret: wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8mLkey'],
    ['api_key = Zq8/mK2pLx7vN4bR9tW1'],
  ])('%s → still a generic-api-key finding', (line) => {
    expect(rulesIn(line)).toEqual(['generic-api-key']);
  });
});

describe('firewall command runner: a program that cannot start leaves no timer behind', () => {
  // Before: spawn's `timeout` option kept its timer armed after ENOENT, so an ip-guard step on a
  // runner without sudo or nft stayed alive 20 s after its work was done. Checked in a plain node
  // child (jest keeps timers of its own): after the run, no Timeout may be left.
  let module: string;
  beforeAll(() => {
    const out = mkdtempSync(join(tmpdir(), 'cic-ncc-system-'));
    execFileSync(process.execPath, [join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js'), 'build', join(ROOT, 'shared/network/firewall/system.ts'), '-o', out, '-q', '-t'], { cwd: ROOT, stdio: 'ignore' });
    module = pathToFileURL(join(out, 'index.js')).href;
  }, 60_000);

  it.each([
    ['a missing program', '/nonexistent/cic-no-such-binary', 'ENOENT'],
    ['a program that runs', 'true', null],
  ])('%s', (_what, program, spawnError) => {
    const script = `import { commandRunner } from ${JSON.stringify(module)};
const res = await commandRunner([], 60000).run([${JSON.stringify(program)}]);
setImmediate(() => { process.stdout.write(JSON.stringify({ spawnError: res.spawnError ?? null, resources: process.getActiveResourcesInfo() })); process.exit(0); });`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { spawnError: string | null; resources: string[] };
    expect(out.spawnError).toBe(spawnError);
    expect(out.resources).not.toContain('Timeout');
  });

  it('still kills a program that outlives the timeout', async () => {
    const res = await commandRunner([], 200).run(['sleep', '30']);
    expect(res.code).not.toBe(0);
    expect(res.spawnError).toBeUndefined();
  });
});
