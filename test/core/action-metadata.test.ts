import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { ACTION_NAMES } from '../../shared/actions/index.js';
import { CORPUS, ROOT } from '../helpers/spawn.js';

const schema = JSON.parse(readFileSync(join(CORPUS, 'schemas/github-action.json'), 'utf8'));
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
const actionDirs = readdirSync(join(ROOT, 'actions')).filter((d) => existsSync(join(ROOT, 'actions', d, 'action.yml')));

describe('actions/*/action.yml', () => {
  it('every registered action has an action.yml, and every action.yml is registered', () => {
    expect([...actionDirs].sort()).toEqual([...ACTION_NAMES].sort());
  });

  it.each(actionDirs)('%s is valid against the GitHub action schema and follows our contract', async (name) => {
    const meta = parse(readFileSync(join(ROOT, 'actions', name, 'action.yml'), 'utf8'));
    const ok = validate(meta);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(meta.runs.using).toBe('node24');
    expect(resolve(ROOT, 'actions', name, meta.runs.main)).toBe(join(ROOT, 'dist', `${name}.js`));
    expect(existsSync(join(ROOT, 'dist', `${name}.js`))).toBe(true);
    if (meta.runs.post) expect(existsSync(resolve(ROOT, 'actions', name, meta.runs.post))).toBe(true);
    for (const input of ['policy', 'environment', 'mode']) expect(meta.inputs[input]?.description).toBeTruthy();
    for (const output of ['decision', 'violations', 'report']) expect(meta.outputs[output]?.description).toBeTruthy();
    for (const [key, input] of Object.entries<{ description?: string; default?: unknown }>(meta.inputs)) {
      expect([key, input.description ? 'described' : 'missing']).toEqual([key, 'described']);
      if (input.default !== undefined) expect([key, typeof input.default]).toEqual([key, 'string']);
    }
    // Every action-specific input is declared by the action module too, so the CLI accepts it.
    const { loadAction } = await import('../../shared/actions/index.js');
    const module = await loadAction(name as never);
    const common = ['policy', 'policy-source', 'policy-sha256', 'environment', 'mode', 'github-token', 'gitlab-token'];
    for (const key of Object.keys(meta.inputs)) if (!common.includes(key)) expect(module.inputs.map((i) => i.name)).toContain(key);
  });
});

describe('.github/workflows', () => {
  const workflowSchema = JSON.parse(readFileSync(join(CORPUS, 'schemas/github-workflow.json'), 'utf8'));
  const validateWorkflow = new Ajv({ strict: false, allErrors: true }).compile(workflowSchema);
  const files = readdirSync(join(ROOT, '.github/workflows')).filter((f) => f.endsWith('.yml'));

  it.each(files)('%s is a valid workflow, pins every action by full SHA and starts from no permissions', (file) => {
    const text = readFileSync(join(ROOT, '.github/workflows', file), 'utf8');
    const workflow = parse(text);
    validateWorkflow(workflow);
    expect(validateWorkflow.errors ?? []).toEqual([]);
    expect(workflow.permissions).toEqual({});
    const uses = [...text.matchAll(/uses:\s*([^\s#]+)/g)].map((m) => m[1]!).filter((u) => !u.startsWith('./'));
    for (const u of uses) expect([u, /@[0-9a-f]{40}$/.test(u)]).toEqual([u, true]);
  });
});
