import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import { parse } from 'yaml';
import ipGuard from '../../shared/actions/ip-guard.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((formats as unknown as { default?: unknown }).default ?? formats) as unknown as (a: Ajv) => void;
const read = (rel: string) => readFileSync(new URL(rel, import.meta.url), 'utf8');

describe('actions/ip-guard/action.yml', () => {
  const meta = parse(read('../../actions/ip-guard/action.yml'));

  it('validates against the GitHub action metadata schema', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(read('../../../shared/corpus/schemas/github-action.json')));
    expect(validate.errors ?? validate(meta)).toBe(true);
  });

  it('declares every input the module reads, describes everything, quotes defaults, has the post step', () => {
    for (const input of ipGuard.inputs) expect(Object.keys(meta.inputs)).toContain(input.name);
    for (const [name, spec] of Object.entries<any>({ ...meta.inputs, ...meta.outputs })) {
      expect([name, typeof spec.description]).toEqual([name, 'string']);
      if ('default' in spec) expect(typeof spec.default).toBe('string');
    }
    expect(meta.runs).toMatchObject({ using: 'node24', main: '../../dist/ip-guard.js', post: '../../dist/ip-guard-post.js', 'post-if': 'always()' });
    expect(ipGuard.post).toBe('report');
    expect(Object.keys(ipGuard.commands).sort()).toEqual(['report', 'run']);
  });
});
