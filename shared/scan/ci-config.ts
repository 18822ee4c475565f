/**
 * CI configuration: which files are CI configs (GitHub workflows, `.gitlab-ci.yml` with its local
 * includes, CircleCI config) and the workflow patterns that hand static secrets to a job:
 * `${{ toJSON(secrets) }}` and other whole-context uses, `secrets: inherit`, and `secrets.NAME`
 * references whose NAME is not in `secrets.static-allowed`.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import picomatch from 'picomatch';
import { parseAllDocuments } from 'yaml';
import type { EngineFinding } from './engine.js';
import { LineIndex } from './util.js';

export const CI_RULES = {
  tojson: { id: 'ci-secrets-tojson', description: 'The whole secrets context is serialised (toJSON(secrets)): every repository and organisation secret reaches the job', severity: 8.5 },
  whole: { id: 'ci-secrets-whole-context', description: 'The whole secrets context is used in an expression', severity: 8 },
  inherit: { id: 'ci-secrets-inherit', description: 'secrets: inherit passes every secret of the caller to a reusable workflow', severity: 6 },
  reference: { id: 'ci-secret-reference', description: 'A CI-stored secret is used', severity: 6 },
  dynamic: { id: 'ci-secret-dynamic-reference', description: 'A secret is selected by a computed name (secrets[...])', severity: 7 },
} as const;

export function isGithubWorkflow(path: string): boolean {
  return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path);
}

async function isRegularFile(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isFile();
  } catch {
    return false;
  }
}

const MAX_INCLUDE_DEPTH = 10;

function localIncludes(text: string): string[] {
  const out: string[] = [];
  let docs;
  try {
    docs = parseAllDocuments(text);
  } catch {
    return out;
  }
  for (const doc of docs) {
    const js = doc.toJS({ maxAliasCount: 1000 }) as unknown;
    if (typeof js !== 'object' || js === null) continue;
    const inc = (js as Record<string, unknown>).include;
    const items = Array.isArray(inc) ? inc : inc === undefined ? [] : [inc];
    for (const item of items) {
      if (typeof item === 'string') {
        if (!/^[a-z]+:\/\//i.test(item)) out.push(item);
      } else if (item && typeof item === 'object' && typeof (item as Record<string, unknown>).local === 'string') {
        out.push((item as Record<string, unknown>).local as string);
      }
    }
  }
  return out;
}

/** Normalises an include path to a root-relative one; undefined when it leaves the repository. */
function includePath(p: string): string | undefined {
  const n = posix.normalize(p.replace(/^\/+/, ''));
  if (n.startsWith('..') || n === '.' || n === '') return undefined;
  return n;
}

/**
 * CI config files present under root (found on disk, tracked or not): workflows, `.gitlab-ci.yml`
 * and its local includes (globs and nested includes followed), `.circleci/config.yml`.
 */
export async function discoverCiConfigs(root: string, known: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  try {
    for (const e of await readdir(join(root, '.github/workflows'), { withFileTypes: true })) {
      if (e.isFile() && /\.ya?ml$/.test(e.name)) found.add(`.github/workflows/${e.name}`);
    }
  } catch {
    /* no workflows */
  }
  if (await isRegularFile(join(root, '.circleci/config.yml'))) found.add('.circleci/config.yml');
  if (await isRegularFile(join(root, '.gitlab-ci.yml'))) {
    const queue: { path: string; depth: number }[] = [{ path: '.gitlab-ci.yml', depth: 0 }];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const { path, depth } = queue.shift()!;
      if (seen.has(path) || depth > MAX_INCLUDE_DEPTH) continue;
      seen.add(path);
      if (!(await isRegularFile(join(root, path)))) continue;
      found.add(path);
      let text: string;
      try {
        text = await readFile(join(root, path), 'utf8');
      } catch {
        continue;
      }
      for (const raw of localIncludes(text)) {
        const rel = includePath(raw);
        if (!rel) continue;
        if (/[*?[{]/.test(rel)) {
          const isMatch = picomatch(rel, { dot: true });
          for (const k of known) if (isMatch(k)) queue.push({ path: k, depth: depth + 1 });
        } else queue.push({ path: rel, depth: depth + 1 });
      }
    }
  }
  return [...found].sort();
}

/** Expression texts of a workflow: `${{ … }}` spans and bare `if:` conditions, with offsets. */
function expressions(text: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  const re = /\$\{\{([\s\S]*?)\}\}/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) out.push({ text: m[1]!, offset: m.index + 3 });
  const ifRe = /^([ \t]*(?:-[ \t]+)?if[ \t]*:[ \t]*)([^\n]*)$/gm;
  while ((m = ifRe.exec(text)) !== null) {
    if (!m[2]!.includes('${{')) out.push({ text: m[2]!, offset: m.index + m[1]!.length });
  }
  return out;
}

function isCommentAt(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*#/.test(text.slice(lineStart, offset + 1));
}

/** Workflow findings (kind `ci-config`). `staticAllowed` names compare case-insensitively, as GitHub does. */
export function scanWorkflow(text: string, file: string, staticAllowed: readonly string[]): EngineFinding[] {
  const allowed = new Set(staticAllowed.map((s) => s.toUpperCase()));
  const index = new LineIndex(text);
  const findings: EngineFinding[] = [];
  const add = (rule: { id: string; description: string }, offset: number, detail: string): void => {
    if (isCommentAt(text, offset)) return;
    const { line, column } = index.locate(offset);
    findings.push({ rule: rule.id, description: `${rule.description}: ${detail}`, file, line, column, redacted: '', kind: 'ci-config' });
  };
  for (const expr of expressions(text)) {
    const tokens = /\bsecrets\b(\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*(?:'([^']*)'|"([^"]*)")\s*\]|\[))?/gi;
    let m: RegExpExecArray | null;
    while ((m = tokens.exec(expr.text)) !== null) {
      const at = expr.offset + m.index;
      const name = m[2] ?? m[3] ?? m[4];
      if (name !== undefined) {
        if (!allowed.has(name.toUpperCase())) {
          add(CI_RULES.reference, at, `secrets.${name} is not in secrets.static-allowed${allowed.size ? ` (${[...allowed].join(', ')})` : ''}`);
        }
      } else if (m[1] !== undefined) {
        add(CI_RULES.dynamic, at, 'secrets[…] with a computed name');
      } else {
        const before = expr.text.slice(0, m.index);
        if (/\btojson\s*\(\s*$/i.test(before)) add(CI_RULES.tojson, at, 'toJSON(secrets)');
        else add(CI_RULES.whole, at, 'secrets');
      }
    }
  }
  const inherit = /^[ \t]*secrets[ \t]*:[ \t]*["']?inherit["']?[ \t]*(?:#[^\n]*)?$/gim;
  let m: RegExpExecArray | null;
  while ((m = inherit.exec(text)) !== null) add(CI_RULES.inherit, m.index + m[0].search(/\S/), 'secrets: inherit');
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return findings;
}
