import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { ArtifactError, fsError } from './errors.js';
import { listTar, type TarEntry } from './tar.js';
import { comparePaths } from './tree.js';

export interface SourceComparison {
  tarball: string;
  tag: string;
  /** The leading directory stripped from tarball paths (e.g. `xz-5.6.1/`), if any. */
  prefix: string;
  onlyInTarball: string[];
  onlyInGit: string[];
  changed: { path: string; tarball: string; git: string }[];
  same: number;
}

type Compression = 'gzip' | 'xz' | 'bzip2' | 'zstd' | 'none';

async function sniff(path: string): Promise<Compression> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    throw fsError(err, path, 'tarball');
  }
  try {
    const head = Buffer.alloc(6);
    await fh.read(head, 0, 6, 0);
    if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
    if (head.equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
    if (head.subarray(0, 3).toString('latin1') === 'BZh') return 'bzip2';
    if (head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
    return 'none';
  } finally {
    await fh.close();
  }
}

/** Run a program without a shell and stream its stdout; a non-zero exit is an error with its stderr. */
async function* runStream(cmd: string, args: string[], opts: { stdinFile?: string; cwd?: string; what: string }): AsyncGenerator<Buffer> {
  const child = spawn(cmd, args, { cwd: opts.cwd, stdio: [opts.stdinFile ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString('utf8');
  });
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
  if (opts.stdinFile) {
    const input = createReadStream(opts.stdinFile);
    input.on('error', () => child.kill());
    input.pipe(child.stdin!);
    child.stdin!.on('error', () => undefined);
  }
  try {
    for await (const chunk of child.stdout! as AsyncIterable<Buffer>) yield chunk;
  } finally {
    if (child.exitCode === null) child.stdout!.destroy();
  }
  let code: number;
  try {
    code = await exited;
  } catch (err) {
    throw new ArtifactError(opts.what === 'git archive' ? 'git-failed' : 'tar-invalid', `${opts.what} could not run ${cmd}: ${(err as Error).message}`, { hint: `install ${cmd}` });
  }
  if (code !== 0) {
    throw new ArtifactError(opts.what === 'git archive' ? 'git-failed' : 'tar-invalid', `${opts.what} failed (${cmd} exit ${code}): ${stderr.trim().split('\n')[0] ?? ''}`);
  }
}

/** Members of a release tarball (.tar, .tar.gz, .tar.xz, .tar.bz2, .tar.zst), detected by magic bytes. */
export async function tarballEntries(path: string): Promise<TarEntry[]> {
  const kind = await sniff(path);
  try {
    switch (kind) {
      case 'none':
        return await listTar(createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>);
      case 'gzip':
        return await listTar(createReadStream(path, { highWaterMark: 1 << 20 }).pipe(createGunzip()) as AsyncIterable<Buffer>);
      default:
        return await listTar(runStream(kind, ['-dc'], { stdinFile: path, what: `decompressing ${path}` }));
    }
  } catch (err) {
    if (err instanceof ArtifactError) throw err;
    if ((err as NodeJS.ErrnoException).code?.startsWith('Z_')) throw new ArtifactError('tar-invalid', `${path} is not valid gzip data`, { cause: err });
    throw fsError(err, path, 'tarball');
  }
}

/** Reject anything that git could read as an option or a revision expression. */
export function assertTagName(tag: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._\/+-]*$/.test(tag) || tag.includes('..') || tag.endsWith('.lock')) {
    throw new ArtifactError('path-invalid', `"${tag}" is not an acceptable tag name`, { hint: 'give a tag like v1.2.3 or refs/tags/v1.2.3' });
  }
  return tag.startsWith('refs/tags/') ? tag : `refs/tags/${tag}`;
}

/** Members of `git archive` of a tag in `repo`. */
export async function gitArchiveEntries(repo: string, tag: string): Promise<TarEntry[]> {
  const ref = assertTagName(tag);
  return listTar(runStream('git', ['-C', repo, 'archive', '--format=tar', ref], { what: 'git archive' }));
}

function comparable(entries: TarEntry[]): Map<string, TarEntry> {
  const out = new Map<string, TarEntry>();
  for (const e of entries) {
    if (e.type === 'directory' || e.path === 'pax_global_header') continue;
    out.set(e.path.replace(/^\.\//, ''), e);
  }
  return out;
}

/** The single top-level directory shared by every member, if there is one (`name-1.0/`). */
export function commonPrefix(paths: readonly string[]): string {
  if (paths.length === 0) return '';
  const first = paths[0]!.split('/')[0]!;
  if (!paths.every((p) => p.startsWith(`${first}/`))) return '';
  return `${first}/`;
}

function describe(e: TarEntry): string {
  if (e.type === 'symlink') return `link -> ${e.linkname ?? ''}`;
  if (e.type === 'hardlink') return `hardlink -> ${e.linkname ?? ''}`;
  if (e.type !== 'file') return e.type;
  return `${(e.mode & 0o111) !== 0 ? '100755' : '100644'} sha256:${e.sha256 ?? ''}`;
}

/**
 * Compare a release tarball's files with `git archive` of its tag. Files only in the tarball are
 * what a release could smuggle in (the xz backdoor shipped in build-to-host.m4, absent from git).
 */
export async function compareSource(opts: { tarball: string; repo: string; tag: string; prefix?: string }): Promise<SourceComparison> {
  const [tarEntries, gitEntries] = await Promise.all([tarballEntries(opts.tarball), gitArchiveEntries(opts.repo, opts.tag)]);
  const tarMap = comparable(tarEntries);
  const prefix = opts.prefix !== undefined ? (opts.prefix === '' || opts.prefix.endsWith('/') ? opts.prefix : `${opts.prefix}/`) : commonPrefix([...tarEntries.map((e) => e.path.replace(/^\.\//, ''))].filter((p) => p !== 'pax_global_header'));
  const tar = new Map<string, TarEntry>();
  for (const [p, e] of tarMap) {
    if (prefix && !p.startsWith(prefix)) {
      tar.set(p, e);
      continue;
    }
    const rel = p.slice(prefix.length);
    if (rel !== '') tar.set(rel, e);
  }
  const git = comparable(gitEntries);
  const onlyInTarball = [...tar.keys()].filter((p) => !git.has(p)).sort(comparePaths);
  const onlyInGit = [...git.keys()].filter((p) => !tar.has(p)).sort(comparePaths);
  const changed: SourceComparison['changed'] = [];
  let same = 0;
  for (const [p, t] of tar) {
    const g = git.get(p);
    if (!g) continue;
    const a = describe(t);
    const b = describe(g);
    if (a === b) same++;
    else changed.push({ path: p, tarball: a, git: b });
  }
  changed.sort((x, y) => comparePaths(x.path, y.path));
  return { tarball: opts.tarball, tag: opts.tag, prefix, onlyInTarball, onlyInGit, changed, same };
}
