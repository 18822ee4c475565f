/**
 * Which files a scan reads, and reading them safely: tracked files from `git ls-files` (or only
 * those changed since a base with `git diff`), a directory walk outside git, no symlinks followed,
 * FIFOs and devices never opened for reading, binaries and oversized files skipped.
 */
import { execFile } from 'node:child_process';
import { close, constants, fstat, open, read, type Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';

export type SkipReason = 'binary' | 'too-large' | 'symlink' | 'not-regular' | 'unreadable' | 'missing';

export type ReadOutcome = { ok: true; buffer: Buffer; bytes: number } | { ok: false; reason: SkipReason; detail?: string };

function git(root: string, args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'git',
      ['-c', 'core.fsmonitor=false', '-c', `safe.directory=${resolve(root)}`, '-C', root, ...args],
      { maxBuffer: 512 * 1024 * 1024, encoding: 'utf8', windowsHide: true },
      (err, stdout, stderr) => (err ? reject(Object.assign(err, { stderr })) : resolvePromise(stdout)),
    );
  });
}

export async function isGitWorkTree(root: string): Promise<boolean> {
  try {
    return (await git(root, ['rev-parse', '--is-inside-work-tree'])).trim() === 'true';
  } catch {
    return false;
  }
}

function splitZ(out: string): string[] {
  return out.split('\0').filter((p) => p.length > 0);
}

/** Repository-relative paths (forward slashes) to scan. */
export async function listFiles(root: string, diffBase?: string): Promise<{ files: string[]; git: boolean }> {
  const inGit = await isGitWorkTree(root);
  if (diffBase !== undefined) {
    if (!inGit) {
      throw new ConfigError('input-invalid', `a diff base ("${diffBase}") was given but ${root} is not a git work tree`, {
        hint: 'drop the diff base to scan every file, or scan a git checkout',
      });
    }
    if (diffBase.startsWith('-') || /[\s\0]/.test(diffBase)) {
      throw new ConfigError('input-invalid', `diff base "${diffBase}" is not a revision name`, { hint: 'give a commit SHA, branch or tag' });
    }
    try {
      await git(root, ['rev-parse', '--verify', '--quiet', `${diffBase}^{commit}`]);
    } catch {
      throw new ConfigError('input-invalid', `diff base "${diffBase}" is not a commit of this repository`, {
        hint: 'fetch enough history (actions/checkout fetch-depth: 0, GIT_DEPTH) or pass an existing SHA',
      });
    }
    const out = await git(root, ['diff', '--name-only', '-z', '--relative', '--no-renames', '--diff-filter=ACMRT', diffBase, '--']);
    return { files: splitZ(out), git: true };
  }
  if (inGit) {
    // Paths come relative to root (git's cwd); -z keeps odd names intact.
    const out = await git(root, ['ls-files', '-z', '--cached', '--', '.']).catch(() => undefined);
    if (out !== undefined) return { files: [...new Set(splitZ(out))], git: true };
  }
  return { files: await walk(root), git: false };
}

/** All regular files under root, `.git` excluded, symlinks not followed. */
export async function walk(root: string): Promise<string[]> {
  const out: string[] = [];
  const stack: string[] = [''];
  while (stack.length > 0) {
    const rel = stack.pop()!;
    let entries;
    try {
      entries = await readdir(join(root, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (e.name !== '.git') stack.push(p);
      } else if (e.isFile()) out.push(p);
      else if (e.isSymbolicLink()) out.push(p); // reported as skipped, never followed
    }
  }
  return out.sort();
}

const SNIFF = 8000;

const openFd = (path: string, flags: number): Promise<number> => new Promise((res, rej) => open(path, flags, (e, fd) => (e ? rej(e) : res(fd))));
const fstatFd = (fd: number): Promise<Stats> => new Promise((res, rej) => fstat(fd, (e, st) => (e ? rej(e) : res(st))));
const readFd = (fd: number, buf: Buffer, at: number): Promise<number> =>
  new Promise((res, rej) => read(fd, buf, at, buf.length - at, at, (e, n) => (e ? rej(e) : res(n))));

function errCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? 'error';
}

/** Bytes read per file before asking how large it is: most source files fit. */
const FIRST_READ = 256 * 1024;

/**
 * Reads one text file, or says why not. Never follows a symlink (O_NOFOLLOW), never blocks on a
 * FIFO (O_NONBLOCK), never reads past maxBytes + 1. `scratch` is a caller-owned buffer reused
 * across files: the result may point into it, so use it before the next read with the same scratch.
 * (Callback fs and no fstat for small files: the FileHandle API costs twice as much per file.)
 */
export async function readText(root: string, rel: string, maxBytes: number, scratch?: { buf?: Buffer }): Promise<ReadOutcome> {
  let fd: number;
  try {
    fd = await openFd(join(root, rel), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = errCode(err);
    if (code === 'ELOOP' || code === 'EMLINK') return { ok: false, reason: 'symlink' };
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing' };
    if (code === 'EISDIR') return { ok: false, reason: 'not-regular' };
    return { ok: false, reason: 'unreadable', detail: code };
  }
  try {
    const first = Math.min(FIRST_READ, maxBytes + 1);
    let buf = scratch?.buf && scratch.buf.length >= first ? scratch.buf.subarray(0, first) : Buffer.allocUnsafe(first);
    if (scratch && !scratch.buf) scratch.buf = buf;
    let at = await readFd(fd, buf, 0);
    if (at === buf.length) {
      // Larger than the first read: check it is a regular file within the limit, then read it all.
      const st = await fstatFd(fd);
      if (!st.isFile()) return { ok: false, reason: 'not-regular' };
      if (st.size > maxBytes) return { ok: false, reason: 'too-large', detail: String(st.size) };
      const whole = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(st.size + 1, at + 1)));
      buf.copy(whole, 0, 0, at);
      buf = whole;
      for (;;) {
        if (at === buf.length) return { ok: false, reason: 'too-large', detail: `>${maxBytes}` }; // grew while read
        const n = await readFd(fd, buf, at);
        if (n === 0) break;
        at += n;
      }
    } else {
      // Short read: the whole file, unless more arrives (pipes, growing files).
      for (;;) {
        if (at === buf.length) return { ok: false, reason: 'too-large', detail: `>${maxBytes}` };
        const n = await readFd(fd, buf, at);
        if (n === 0) break;
        at += n;
      }
    }
    if (at > maxBytes) return { ok: false, reason: 'too-large', detail: String(at) };
    const data = buf.subarray(0, at);
    const sniff = data.length < SNIFF ? data : data.subarray(0, SNIFF);
    if (sniff.indexOf(0) !== -1) return { ok: false, reason: 'binary' };
    return { ok: true, buffer: data, bytes: data.length };
  } catch (err) {
    const code = errCode(err);
    if (code === 'EISDIR') return { ok: false, reason: 'not-regular' };
    if (code === 'EAGAIN') return { ok: false, reason: 'not-regular' };
    return { ok: false, reason: 'unreadable', detail: code };
  } finally {
    close(fd, () => undefined);
  }
}

/** Runs `fn` over items with at most `limit` in flight; `slot` is stable per lane (scratch buffers). */
export async function pool<T>(items: readonly T[], limit: number, fn: (item: T, slot: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (slot: number): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item, slot);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, (_, slot) => worker(slot)));
}
