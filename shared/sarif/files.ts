import { lstatSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';

/** A SARIF input the gate could not turn into files: a deny naming the entry, never a skip. */
export interface InputProblem {
  entry: string;
  message: string;
}

const SARIF_NAME = /\.sarif(\.json)?$/i;
const SKIP_DIRS = new Set(['.git', 'node_modules']);
const MAX_FILES = 10_000;

/** Split an input list: newlines or commas, blank entries dropped. */
export function splitList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function walk(dir: string, out: string[], accept: (abs: string) => boolean, depth = 0): void {
  if (depth > 32 || out.length > MAX_FILES) return;
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    const abs = join(dir, name);
    let st;
    try {
      st = lstatSync(abs); // symlinked directories are not followed (no loops)
    } catch {
      continue;
    }
    if (st.isDirectory()) {
      if (!SKIP_DIRS.has(name)) walk(abs, out, accept, depth + 1);
    } else if ((st.isFile() || st.isSymbolicLink()) && accept(abs)) out.push(abs);
  }
}

/**
 * Expand the `sarif` input: files, directories (every `*.sarif` / `*.sarif.json` below, like
 * upload-sarif) and globs (picomatch, relative to `cwd`). An entry that yields nothing is a problem.
 */
export function expandSarifInputs(entries: string[], cwd: string): { files: string[]; problems: InputProblem[] } {
  const files = new Set<string>();
  const problems: InputProblem[] = [];
  for (const entry of entries) {
    const abs = isAbsolute(entry) ? entry : resolve(cwd, entry);
    let st;
    try {
      st = statSync(abs);
    } catch {
      st = undefined;
    }
    if (st?.isFile()) {
      files.add(abs);
      continue;
    }
    if (st?.isDirectory()) {
      const found: string[] = [];
      walk(abs, found, (f) => SARIF_NAME.test(f));
      if (found.length === 0) problems.push({ entry, message: 'is a directory with no *.sarif or *.sarif.json file in it' });
      found.forEach((f) => files.add(f));
      continue;
    }
    const scan = picomatch.scan(entry);
    if (!scan.isGlob) {
      problems.push({ entry, message: 'does not exist' });
      continue;
    }
    const base = isAbsolute(scan.base) ? scan.base : resolve(cwd, scan.base || '.');
    const isMatch = picomatch(scan.glob, { dot: true });
    const found: string[] = [];
    walk(base, found, (f) => isMatch(relative(base, f).split(sep).join('/')));
    if (found.length === 0) problems.push({ entry, message: 'matches no file' });
    found.forEach((f) => files.add(f));
  }
  if (files.size > MAX_FILES) problems.push({ entry: entries.join(', '), message: `matches more than ${MAX_FILES} files` });
  return { files: [...files].sort(), problems };
}
