import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');
export const DIST = join(ROOT, 'dist');
/** The handbook's corpus beside the checkout (read-only). */
export const CORPUS = resolve(ROOT, '../shared/corpus');

export interface Spawned {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a bundled entry with exactly the given environment (plus PATH), as a runner would. */
export function runNode(script: string, args: string[], env: Record<string, string>, cwd = ROOT): Spawned {
  const res = spawnSync(process.execPath, [script, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

export function cli(args: string[], env: Record<string, string> = {}, cwd = ROOT): Spawned {
  return runNode(join(DIST, 'cli.js'), args, env, cwd);
}

export function tempDir(prefix = 'cic-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeTemp(dir: string, name: string, content: string): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/**
 * GitHub file commands (`name<<DELIM\nvalue\nDELIM` heredocs and `name=value` lines), in order;
 * later entries win. A heredoc without its closing delimiter is an error: that is an injection.
 */
export function parseFileCommandText(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i]!);
      if (i >= lines.length) throw new Error(`file command ${name} has no closing delimiter`);
      out[name!] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

/** The same, read from a file command's file (a missing file has no entries). */
export function parseFileCommands(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return {};
  }
  return parseFileCommandText(text);
}
