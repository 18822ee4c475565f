import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Small builders for hand-made SARIF documents. */
export type Json = Record<string, unknown>;

export function rule(id: string, extra: Json = {}): Json {
  return { id, ...extra };
}

export function result(ruleId: string | undefined, extra: Json = {}): Json {
  return {
    ...(ruleId === undefined ? {} : { ruleId }),
    message: { text: `finding of ${ruleId ?? 'no rule'}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: 'src/app.js' }, region: { startLine: 3 } } }],
    ...extra,
  };
}

export function run(name: string, rules: Json[], results: Json[], extra: Json = {}): Json {
  return { tool: { driver: { name, rules } }, results, ...extra };
}

export function sarif(...runs: Json[]): Json {
  return { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs };
}

export function tmp(prefix = 'cic-gate-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeJson(dir: string, name: string, doc: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
  return p;
}
