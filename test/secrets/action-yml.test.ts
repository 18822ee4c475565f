// actions/require-vault-secrets/action.yml: valid against GitHub's action schema, and in step with
// the module's input table (every module input declared, described, defaults quoted strings).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import action from '../../shared/actions/require-vault-secrets.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv').default ?? require('ajv');
const addFormats = require('ajv-formats').default ?? require('ajv-formats');

const ymlText = readFileSync(new URL('../../actions/require-vault-secrets/action.yml', import.meta.url), 'utf8');
const yml = parse(ymlText) as { inputs: Record<string, { description: string; default?: unknown }>; outputs: Record<string, unknown>; runs: Record<string, string> };

it('validates against the GitHub action schema', () => {
  const schema = JSON.parse(readFileSync(new URL('../../../shared/corpus/schemas/github-action.json', import.meta.url), 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  expect(validate(yml) ? [] : validate.errors).toEqual([]);
});

it('declares every module input with the same default, plus the core inputs', () => {
  for (const i of action.inputs) {
    expect([i.name, yml.inputs[i.name]?.description]).toEqual([i.name, i.description]);
    expect([i.name, yml.inputs[i.name]?.default]).toEqual([i.name, i.default]);
  }
  for (const core of ['policy', 'environment', 'mode', 'github-token']) expect(yml.inputs[core]).toBeDefined();
  for (const [name, input] of Object.entries(yml.inputs)) {
    expect([name, typeof input.description]).toEqual([name, 'string']);
    if (input.default !== undefined) expect([name, typeof input.default]).toEqual([name, 'string']);
  }
});

it('runs on node24 with a post step that always runs, and names the post command', () => {
  expect(yml.runs).toEqual({ using: 'node24', main: '../../dist/require-vault-secrets.js', post: '../../dist/require-vault-secrets-post.js', 'post-if': 'always()' });
  expect(action.post).toBe('revoke');
  expect(Object.keys(yml.outputs)).toEqual(['enforced', 'decision', 'sarif', 'violations', 'report', 'vault-accessor', 'exported-names']);
});
