import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import securityGate from '../../shared/actions/security-gate.js';

const SCHEMA = fileURLToPath(new URL('../../../shared/corpus/schemas/github-action.json', import.meta.url));
const ACTION = fileURLToPath(new URL('../../actions/security-gate/action.yml', import.meta.url));

describe('actions/security-gate/action.yml', () => {
  const meta = parse(readFileSync(ACTION, 'utf8')) as { inputs: Record<string, { description: string; default?: unknown; required?: boolean }>; outputs: Record<string, { description: string }>; runs: Record<string, string> };
  it('validates against the GitHub action metadata schema', () => {
    const { $schema: _s, ...schema } = JSON.parse(readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    expect(validate(meta)).toBe(true);
  });
  it('declares every module input with the same default, all described, defaults quoted strings', () => {
    for (const i of securityGate.inputs) {
      expect(meta.inputs[i.name]).toBeDefined();
      if (i.default !== undefined) expect(meta.inputs[i.name]!.default).toBe(i.default);
    }
    for (const [name, i] of Object.entries(meta.inputs)) {
      expect(i.description.length).toBeGreaterThan(10);
      if (i.default !== undefined) expect(typeof i.default).toBe('string');
      if (name === 'environment') expect(i.required).toBe(true);
    }
    expect(readFileSync(ACTION, 'utf8')).toMatch(/default: '5m'/);
  });
  it('outputs decision, violations, report and the action\'s own; runs the node24 bundle', () => {
    expect(Object.keys(meta.outputs)).toEqual(expect.arrayContaining(['decision', 'violations', 'report', 'findings', 'new-findings', 'fixed-findings', 'sarif-files']));
    expect(meta.runs).toEqual({ using: 'node24', main: '../../dist/security-gate.js' });
  });
});
