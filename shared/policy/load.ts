import { sha256 } from '@noble/hashes/sha2.js';
import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { didYouMean } from '../suggest.js';

export { didYouMean };
import type { SourceLocation } from '../decision.js';
import { policySchema, type Policy } from './schema.js';

export const MAX_POLICY_BYTES = 1024 * 1024;
const MAX_ALIAS_COUNT = 100;

export type PolicyPath = readonly (string | number)[];
export type LocateFn = (path: PolicyPath) => SourceLocation | undefined;

export interface LoadedPolicy {
  policy: Policy;
  file: string;
  sha256: string;
  locate: LocateFn;
}

export interface PolicyProblem {
  location?: SourceLocation;
  path: string;
  message: string;
}

/** All problems of a policy file, collected before failing, each with file, line and column. */
export class PolicyInvalidError extends ConfigError {
  readonly problems: PolicyProblem[];
  constructor(file: string, problems: PolicyProblem[]) {
    const lines = problems.map((p) => `  ${formatLocation(p.location, file)}: ${p.path ? `${p.path}: ` : ''}${p.message}`);
    super('policy-invalid', `${file} is not a valid ci-constraints policy (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`, {
      hint: 'correct the keys named above; `ci-constraints policy schema` prints the JSON Schema for editor completion',
    });
    this.problems = problems;
  }
}

export function formatLocation(loc: SourceLocation | undefined, file: string): string {
  return loc ? `${loc.file}:${loc.line}:${loc.column}` : file;
}

/**
 * SHA-256 of a policy text, hex. @noble/hashes rather than node:crypto: loading node:crypto (it
 * pulls in Node's streams) costs 7–10 ms, more than hashing any policy, in every cold start.
 */
export function sha256Hex(data: string | Uint8Array): string {
  return Buffer.from(sha256(typeof data === 'string' ? Buffer.from(data, 'utf8') : data)).toString('hex');
}

/** Parse, check and validate policy text. Never returns a partially valid policy. */
export function loadPolicyText(text: string, file: string): LoadedPolicy {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_POLICY_BYTES) {
    throw new ConfigError('policy-too-large', `${file} is ${bytes} bytes; a policy may be at most ${MAX_POLICY_BYTES} bytes (1 MiB)`, {
      hint: 'a policy this large is almost certainly the wrong file; point --policy at ci-constraints.yml',
    });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, schema: 'core', merge: false });
  const at = (offset: number): SourceLocation => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  const yamlProblems: PolicyProblem[] = [...doc.errors, ...doc.warnings].map((e) => ({
    location: at(e.pos[0]),
    path: '',
    message: e.code === 'DUPLICATE_KEY' ? `duplicate key (${firstLine(e.message)})` : firstLine(e.message),
  }));
  visit(doc, {
    Node(_key, node) {
      // yaml sets `tag` only for explicit tags (!!js/function, !custom, !!binary …): none belong in a policy.
      if (node.tag) yamlProblems.push({ location: at(node.range?.[0] ?? 0), path: '', message: `YAML tag ${node.tag} is not allowed; write plain values` });
    },
  });
  if (yamlProblems.length > 0) throw new PolicyInvalidError(file, yamlProblems);

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    throw new PolicyInvalidError(file, [{ path: '', message: `YAML aliases expand too far (${(err as Error).message}); write the values out` }]);
  }
  const locate: LocateFn = (path) => locateIn(doc, path, at);
  const result = policySchema.safeParse(data, { reportInput: true });
  if (!result.success) throw new PolicyInvalidError(file, zodProblems(result.error.issues, locate));
  return { policy: result.data, file, sha256: sha256Hex(text), locate };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

/** The location of the deepest node that exists along a key path. */
function locateIn(doc: Document, path: PolicyPath, at: (offset: number) => SourceLocation): SourceLocation | undefined {
  let node: unknown = doc.contents;
  let found: Node | undefined = isNode(node) ? node : undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      if (!pair) break;
      found = (isNode(pair.key) ? pair.key : found) as Node | undefined;
      node = pair.value;
      if (isNode(node) && isScalar(node)) found = node;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      if (!isNode(node)) break;
      found = node;
    } else break;
  }
  return found?.range ? at(found.range[0]) : undefined;
}

function zodProblems(issues: readonly z.core.$ZodIssue[], locate: LocateFn): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const known = knownKeys(path);
        const guess = didYouMean(key, known);
        problems.push({
          location: locate([...path, key]),
          path: joinPath([...path, key]),
          message: `unknown key "${key}"${guess ? ` — did you mean "${guess}"?` : ''}${known.length ? ` (expected one of: ${known.join(', ')})` : ''}`,
        });
      }
      continue;
    }
    problems.push({ location: locate(path), path: joinPath(path), message: describeIssue(issue) });
  }
  return problems;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}${'input' in issue ? `, got ${typeOf(issue.input)}` : ''}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return 'does not match any allowed form (see `ci-constraints policy schema`)';
    default:
      return issue.message;
  }
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return typeof v;
}

export function joinPath(path: readonly (string | number)[]): string {
  return path.map((k) => (typeof k === 'number' ? `[${k}]` : k)).join('.').replace(/\.\[/g, '[');
}

/** The keys a mapping at this path may hold, read from the schema itself. */
function knownKeys(path: readonly (string | number)[]): string[] {
  let schema: unknown = policySchema;
  const unwrap = (s: any): any => {
    while (s?._zod?.def && ['optional', 'default', 'nullable', 'pipe'].includes(s._zod.def.type)) s = s._zod.def.innerType ?? s._zod.def.in;
    return s;
  };
  for (const key of path) {
    const s: any = unwrap(schema);
    const def = s?._zod?.def;
    if (!def) return [];
    if (def.type === 'object') schema = def.shape[key as string];
    else if (def.type === 'record') schema = def.valueType;
    else if (def.type === 'array') schema = def.element;
    else return [];
  }
  const s: any = unwrap(schema);
  if (s?._zod?.def?.type === 'object') return Object.keys(s._zod.def.shape);
  if (s?._zod?.def?.type === 'union') return [...new Set(s._zod.def.options.flatMap((o: any) => Object.keys(unwrap(o)?._zod?.def?.shape ?? {})))] as string[];
  return [];
}
