import { parseDocument } from 'yaml';
import * as z from 'zod/mini';
import { isActionName } from '../actions/index.js';
import { ConfigError } from '../errors.js';
import { createPlatform } from '../platform/index.js';
import type { Env } from '../platform/env.js';
import { writeStd } from '../platform/stdio.js';
import { runAction } from '../run.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadPolicy } from './source.js';
import { policySchema } from './schema.js';
import { MAX_POLICY_BYTES } from './load.js';

/** `ci-constraints policy validate|schema|test`. */
export async function policyCommand(sub: string | undefined, args: string[], flags: Record<string, string>, env: Env): Promise<number> {
  const policyPath = flags.policy ?? 'ci-constraints.yml';
  switch (sub) {
    case 'validate': {
      const loaded = await loadPolicy({ path: policyPath, source: 'local', context: { platform: 'local', event: 'local', ref: '', refType: 'other', sha: '', repository: '', runner: { kind: 'unknown' }, identitySource: 'file', time: new Date().toISOString() } });
      const envs = Object.keys(loaded.policy.environments);
      writeStd(1, `${policyPath}: valid (${envs.length} environment${envs.length === 1 ? '' : 's'}: ${envs.join(', ')}; sha256 ${loaded.sha256})\n`);
      return 0;
    }
    case 'schema':
      writeStd(1, `${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
      return 0;
    case 'test':
      return policyTest(args[0], policyPath, flags, env);
    default:
      throw new ConfigError('usage', `policy needs a command: validate, schema or test${sub ? ` (not "${sub}")` : ''}`);
  }
}

/** JSON Schema generated from the zod schema, so editors can complete and check policy files. */
export function policyJsonSchema(): object {
  return {
    $id: 'https://ci-constraints.dev/schema/policy-v1.json',
    title: 'ci-constraints policy',
    ...z.toJSONSchema(policySchema, { target: 'draft-2020-12', io: 'input' }),
  };
}

const text = z.string().check(z.minLength(1));
const caseSchema = z.strictObject({
  name: text,
  action: z._default(z.string(), 'verify-trigger'),
  environment: text,
  at: z.optional(z.string()),
  mode: z.optional(z.enum(['enforce', 'audit'])),
  context: z.record(z.string(), z.unknown()),
  inputs: z.optional(z.record(z.string(), z.string())),
  expect: z.strictObject({
    decision: z.enum(['allow', 'deny']),
    /** The violated rule ids, in any order; omitted = not compared. */
    rules: z.optional(z.array(z.string())),
  }),
});
const casesFileSchema = z.strictObject({ policy: z.optional(z.string()), cases: z.array(caseSchema).check(z.minLength(1)) });

/**
 * Runs each case through the real pipeline with its context and compares the decision and the
 * violated rule ids, like `opa test`: every mismatch is printed as a diff, exit 1 on any failure.
 */
async function policyTest(casesPath: string | undefined, policyFlag: string, flags: Record<string, string>, env: Env): Promise<number> {
  if (!casesPath) throw new ConfigError('usage', 'policy test needs a cases file', { hint: 'ci-constraints policy test policy-tests.yml' });
  let text: string;
  try {
    text = readFileSync(casesPath, 'utf8');
  } catch (err) {
    throw new ConfigError('usage', `cannot read ${casesPath} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (text.length > MAX_POLICY_BYTES * 8) throw new ConfigError('usage', `${casesPath} is too large`);
  const doc = parseDocument(text, { uniqueKeys: true, strict: true });
  if (doc.errors.length) throw new ConfigError('usage', `${casesPath}: ${doc.errors[0]!.message.split('\n')[0]}`);
  const parsed = casesFileSchema.safeParse(doc.toJS({ maxAliasCount: 100 }));
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new ConfigError('usage', `${casesPath}: ${first.path.join('.')}: ${first.message}`, { hint: 'each case needs name, environment, context and expect: { decision, rules }' });
  }
  const policy = flags.policy ?? (parsed.data.policy ? resolve(dirname(casesPath), parsed.data.policy) : policyFlag);
  const work = mkdtempSync(join(tmpdir(), 'cic-policy-test-'));
  let failed = 0;
  try {
    for (const [i, c] of parsed.data.cases.entries()) {
      if (!isActionName(c.action)) throw new ConfigError('usage', `${casesPath}: case "${c.name}": unknown action "${c.action}"`);
      const contextFile = join(work, `context-${i}.json`);
      writeFileSync(contextFile, JSON.stringify(c.context));
      const platform = createPlatform('local', env, { flags: c.inputs ?? {}, write: () => {} });
      const { decision } = await runAction(platform, env, {
        action: c.action,
        command: 'run',
        policy,
        environment: c.environment,
        ...(c.mode ? { mode: c.mode } : {}),
        ...(c.at ? { at: c.at } : {}),
        contextFile,
        format: 'text',
        color: false,
        verbose: false,
        debug: false,
        quiet: true,
      });
      const got = [...new Set(decision.violations.map((v) => v.rule))].sort();
      const want = c.expect.rules ? [...new Set(c.expect.rules)].sort() : undefined;
      const ok = decision.decision === c.expect.decision && (want === undefined || JSON.stringify(got) === JSON.stringify(want));
      if (ok) {
        writeStd(1, `PASS  ${c.name}\n`);
        continue;
      }
      failed++;
      writeStd(1, `FAIL  ${c.name}\n`);
      writeStd(1, `  - expected: ${c.expect.decision}${want ? ` [${want.join(', ')}]` : ''}\n`);
      writeStd(1, `  + actual:   ${decision.decision} [${got.join(', ')}]\n`);
      for (const v of decision.violations) writeStd(1, `      ${v.rule}: ${v.message}\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const total = parsed.data.cases.length;
  writeStd(1, `${total - failed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}
