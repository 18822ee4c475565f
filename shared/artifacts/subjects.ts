import { readdir, readFile, stat, lstat } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, relative, resolve } from 'node:path';
import picomatch from 'picomatch';
import { digestFile, type DigestOptions, type DigestSet } from './digest.js';
import { ArtifactError, fsError } from './errors.js';
import { comparePaths, digestTree, toPosix, type TreeManifest, type TreeOptions } from './tree.js';

/** One thing that is signed: a file, a directory (tree digest + manifest) or a line of a checksums file. */
export interface Subject {
  /** in-toto subject name: the path relative to the working directory, `/`-separated; directories end in `/`. */
  name: string;
  kind: 'file' | 'directory' | 'checksum';
  /** Absolute path on disk (files and directories; checksum lines when the file exists). */
  path?: string;
  size?: number;
  digest: DigestSet;
  manifest?: TreeManifest;
  /** The checksums file a `checksum` subject came from. */
  source?: string;
}

export interface ResolveOptions extends TreeOptions {
  /** Base for relative paths (default: the process working directory). */
  cwd?: string;
  /** Called for each file subject before it is read; returns extra per-file sinks (streaming signers). */
  sinksFor?: (path: string) => DigestOptions['sinks'];
}

/** Split a multi-line input: one path, glob or directory per line; blank lines and `#` comments ignored. */
export function splitList(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

export function subjectName(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  if (rel === '' ) return '.';
  if (rel.startsWith('..') || isAbsolute(rel)) return toPosix(abs);
  return toPosix(normalize(rel));
}

/** Resolve the `subjects` input (files, globs, directories) into digested subjects. */
export async function resolveSubjects(specs: readonly string[], opts: ResolveOptions = {}): Promise<Subject[]> {
  const cwd = opts.cwd ?? process.cwd();
  const out: Subject[] = [];
  for (const spec of specs) {
    const scan = picomatch.scan(spec);
    if (scan.isGlob) {
      const files = await globFiles(spec, cwd);
      if (files.length === 0) {
        throw new ArtifactError('glob-empty', `the glob "${spec}" matched no files under ${cwd}`, { hint: 'check the pattern and that the build wrote its output before this step' });
      }
      for (const f of files) out.push(await fileSubject(f, cwd, opts));
      continue;
    }
    const abs = resolve(cwd, spec);
    let st;
    try {
      st = await stat(abs);
    } catch (err) {
      throw fsError(err, spec);
    }
    if (st.isDirectory()) {
      const manifest = await digestTree(abs, opts);
      manifest.root = subjectName(cwd, abs);
      out.push({ name: `${subjectName(cwd, abs).replace(/\/$/, '')}/`, kind: 'directory', path: abs, size: manifest.files.reduce((n, f) => n + f.size, 0), digest: manifest.digest, manifest });
    } else if (st.isFile()) {
      out.push(await fileSubject(abs, cwd, opts));
    } else {
      throw new ArtifactError('file-type', `"${spec}" is neither a file nor a directory`, { hint: 'give files, directories or globs' });
    }
  }
  const seen = new Set<string>();
  for (const s of out) {
    if (seen.has(s.name)) throw new ArtifactError('path-invalid', `subject "${s.name}" is listed twice`, { hint: 'list each artifact once (globs may overlap)' });
    seen.add(s.name);
  }
  return out;
}

async function fileSubject(abs: string, cwd: string, opts: ResolveOptions): Promise<Subject> {
  const sinks = opts.sinksFor?.(abs);
  const f = await digestFile(abs, sinks ? { ...opts, sinks } : opts);
  return { name: subjectName(cwd, abs), kind: 'file', path: abs, size: f.size, digest: f.digest };
}

/** Files matching a glob, in byte-wise order. Walks only the glob's static base; does not follow directory links. */
export async function globFiles(pattern: string, cwd: string): Promise<string[]> {
  const scan = picomatch.scan(pattern);
  const base = resolve(cwd, scan.base || '.');
  const isMatch = picomatch(toPosix(normalize(pattern)).replace(/^\.\//, ''), { dot: false });
  const absolutePattern = isAbsolute(pattern);
  const out: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && dir === base) return;
      throw fsError(err, dir, 'directory');
    }
    for (const name of names.sort(comparePaths)) {
      const full = join(dir, name);
      let ls;
      try {
        ls = await lstat(full);
      } catch (err) {
        throw fsError(err, full);
      }
      if (ls.isDirectory()) {
        await visit(full);
        continue;
      }
      const candidate = absolutePattern ? toPosix(full) : toPosix(relative(cwd, full));
      if (!isMatch(candidate)) continue;
      if (ls.isSymbolicLink()) {
        let st;
        try {
          st = await stat(full);
        } catch (err) {
          throw fsError(err, full);
        }
        if (!st.isFile()) continue;
      } else if (!ls.isFile()) continue;
      out.push(full);
    }
  };
  await visit(base);
  return out;
}

export interface ChecksumLine {
  name: string;
  sha256: string;
}

/** Parse `sha256sum` output (GNU text/binary markers, backslash escapes) or BSD `SHA256 (name) = hex`. */
export function parseChecksums(text: string, source = 'checksums file'): ChecksumLine[] {
  const out: ChecksumLine[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) return;
    let m = /^(\\?)([0-9a-fA-F]{64}) [ *](.+)$/.exec(line);
    let name: string | undefined;
    let hex: string | undefined;
    if (m) {
      hex = m[2];
      name = m[1] ? m[3]!.replace(/\\(\\|n|r)/g, (_s, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : '\\')) : m[3];
    } else if ((m = /^SHA256 \((.+)\) = ([0-9a-fA-F]{64})$/.exec(line))) {
      name = m[1];
      hex = m[2];
    }
    if (!name || !hex) {
      const hint = /^[0-9a-fA-F]{128}\s/.test(line) ? 'this looks like SHA-512; give a sha256sum file' : 'each line must be "<64 hex digits>  <file name>" as written by sha256sum';
      throw new ArtifactError('checksums-invalid', `${source} line ${i + 1} is not a SHA-256 checksum line`, { hint });
    }
    out.push({ name, sha256: hex.toLowerCase() });
  });
  if (out.length === 0) throw new ArtifactError('checksums-invalid', `${source} lists no checksums`, { hint: 'generate it with sha256sum FILES > SHA256SUMS' });
  return out;
}

/**
 * Subjects from checksums files. A listed file that exists beside the checksums file is hashed and
 * must match its line (a mismatch is an error: never sign a digest the bytes do not have).
 */
export async function resolveChecksumSubjects(files: readonly string[], opts: ResolveOptions = {}): Promise<Subject[]> {
  const cwd = opts.cwd ?? process.cwd();
  const out: Subject[] = [];
  for (const file of files) {
    const abs = resolve(cwd, file);
    let text: string;
    try {
      text = await readFile(abs, 'utf8');
    } catch (err) {
      throw fsError(err, file, 'checksums file');
    }
    for (const line of parseChecksums(text, file)) {
      const target = resolve(dirname(abs), line.name);
      const subject: Subject = { name: line.name, kind: 'checksum', digest: { sha256: line.sha256 }, source: subjectName(cwd, abs) };
      const exists = await stat(target).then((s) => s.isFile(), () => false);
      if (exists) {
        const f = await digestFile(target, opts);
        if (f.digest.sha256 !== line.sha256) {
          throw new ArtifactError('checksums-invalid', `${file} lists ${line.name} as sha256:${line.sha256} but the file has sha256:${f.digest.sha256}`, {
            hint: 'regenerate the checksums file after the build, or find out what changed the file',
          });
        }
        subject.path = target;
        subject.size = f.size;
        subject.digest = f.digest;
      }
      out.push(subject);
    }
  }
  return out;
}
