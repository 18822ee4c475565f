import { createHash } from 'node:crypto';
import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { digestFile, normaliseAlgorithms, type DigestOptions, type DigestSet, type HashAlgorithm } from './digest.js';
import { ArtifactError, fsError } from './errors.js';

/** One file of a directory subject. Paths are relative, `/`-separated, never normalised (exact bytes). */
export interface ManifestEntry {
  path: string;
  /** Git-style: 100644 file, 100755 executable file, 120000 symbolic link (recorded, not followed). */
  mode: '100644' | '100755' | '120000';
  size: number;
  digest: DigestSet;
  /** Link target text, for symbolic links. */
  target?: string;
}

export interface TreeManifest {
  /** Media type of this manifest's JSON form. */
  mediaType: typeof MANIFEST_MEDIA_TYPE;
  root: string;
  digest: DigestSet;
  files: ManifestEntry[];
}

export const MANIFEST_MEDIA_TYPE = 'application/vnd.ci-constraints.tree-manifest.v1+json';

export interface TreeOptions extends DigestOptions {
  /** Follow symbolic links (with loop detection) instead of recording them as links. */
  followSymlinks?: boolean;
}

/** Byte-wise order of UTF-8 paths: the same on every platform and locale. */
export function comparePaths(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * The tree digest: for every entry in byte-wise path order, `<mode> <hex digest> <path>\0`, hashed.
 * Depends on relative paths, modes and contents only: not on listing order, mtimes, owners or
 * the platform's separator. Empty directories do not count (as in git).
 */
export function treeDigest(entries: readonly ManifestEntry[], algorithm: HashAlgorithm = 'sha256'): string {
  const h = createHash(algorithm);
  const sorted = [...entries].sort((a, b) => comparePaths(a.path, b.path));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.path === sorted[i - 1]!.path) throw new ArtifactError('path-invalid', `duplicate path "${sorted[i]!.path}" in a tree`);
  }
  for (const e of sorted) {
    const hex = e.digest[algorithm];
    if (!hex) throw new ArtifactError('path-invalid', `entry "${e.path}" has no ${algorithm} digest`);
    h.update(`${e.mode} ${hex} ${e.path}\0`, 'utf8');
  }
  return h.digest('hex');
}

export function manifestFromEntries(root: string, entries: readonly ManifestEntry[], algorithms: readonly HashAlgorithm[] = ['sha256']): TreeManifest {
  const files = [...entries].sort((a, b) => comparePaths(a.path, b.path));
  const digest = {} as DigestSet;
  for (const a of normaliseAlgorithms(algorithms)) digest[a] = treeDigest(files, a);
  return { mediaType: MANIFEST_MEDIA_TYPE, root, digest, files };
}

/** Walk a directory and digest every file in it. */
export async function digestTree(root: string, opts: TreeOptions = {}): Promise<TreeManifest> {
  const algorithms = normaliseAlgorithms(opts.algorithms);
  let rootReal: string;
  try {
    const s = await stat(root);
    if (!s.isDirectory()) throw new ArtifactError('file-type', `"${root}" is not a directory`);
    rootReal = await realpath(root);
  } catch (err) {
    throw fsError(err, root, 'directory');
  }
  const entries: ManifestEntry[] = [];
  await walk(root, [rootReal], entries, root, { ...opts, algorithms });
  return manifestFromEntries(toPosix(root), entries, algorithms);
}

async function walk(dir: string, ancestors: string[], out: ManifestEntry[], root: string, opts: TreeOptions): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort(comparePaths);
  } catch (err) {
    throw fsError(err, dir, 'directory');
  }
  for (const name of names) {
    const full = join(dir, name);
    const rel = toPosix(relative(root, full));
    let ls;
    try {
      ls = await lstat(full);
    } catch (err) {
      throw fsError(err, full);
    }
    if (ls.isSymbolicLink() && !opts.followSymlinks) {
      let target: string;
      try {
        target = await readlink(full);
      } catch (err) {
        throw fsError(err, full, 'symbolic link');
      }
      const digest = {} as DigestSet;
      for (const a of normaliseAlgorithms(opts.algorithms)) digest[a] = createHash(a).update(target, 'utf8').digest('hex');
      out.push({ path: rel, mode: '120000', size: Buffer.byteLength(target), digest, target });
      continue;
    }
    let st = ls;
    if (ls.isSymbolicLink()) {
      try {
        st = await stat(full);
      } catch (err) {
        throw fsError(err, full, 'symbolic link target of');
      }
    }
    if (st.isDirectory()) {
      let childReal: string;
      try {
        childReal = await realpath(full);
      } catch (err) {
        throw fsError(err, full, 'directory');
      }
      if (ancestors.includes(childReal)) {
        throw new ArtifactError('symlink-loop', `"${full}" links back to "${childReal}", which contains it: a symbolic link loop`, {
          hint: 'remove the link, or sign without follow-symlinks so links are recorded instead of followed',
        });
      }
      await walk(full, [...ancestors, childReal], out, root, opts);
    } else if (st.isFile()) {
      const f = await digestFile(full, opts);
      out.push({ path: rel, mode: f.mode, size: f.size, digest: f.digest });
    } else {
      throw new ArtifactError('file-type', `"${full}" is neither a file, a directory nor a symbolic link`, { hint: 'sockets, FIFOs and devices cannot be artifacts; remove it from the directory' });
    }
  }
}

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/** `sha256sum -c` compatible text of a manifest's regular files (links are covered by the signed manifest only). */
export function manifestToChecksums(m: TreeManifest, algorithm: HashAlgorithm = 'sha256'): string {
  return m.files
    .filter((f) => f.mode !== '120000')
    .map((f) => checksumLine(f.digest[algorithm]!, f.path))
    .join('');
}

export function checksumLine(hex: string, path: string): string {
  if (/[\\\n\r]/.test(path)) {
    return `\\${hex}  ${path.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}\n`;
  }
  return `${hex}  ${path}\n`;
}

export interface TreeDiff {
  added: string[];
  removed: string[];
  changed: { path: string; expected: string; actual: string }[];
}

/** What changed from `expected` to `actual`, by path (digest and mode). */
export function diffManifests(expected: readonly ManifestEntry[], actual: readonly ManifestEntry[]): TreeDiff {
  const exp = new Map(expected.map((e) => [e.path, e]));
  const act = new Map(actual.map((e) => [e.path, e]));
  const added = [...act.keys()].filter((p) => !exp.has(p)).sort(comparePaths);
  const removed = [...exp.keys()].filter((p) => !act.has(p)).sort(comparePaths);
  const changed: TreeDiff['changed'] = [];
  for (const [p, e] of exp) {
    const a = act.get(p);
    if (!a) continue;
    if (a.digest.sha256 !== e.digest.sha256 || a.mode !== e.mode) {
      changed.push({ path: p, expected: `${e.mode} sha256:${e.digest.sha256}`, actual: `${a.mode} sha256:${a.digest.sha256}` });
    }
  }
  changed.sort((x, y) => comparePaths(x.path, y.path));
  return { added, removed, changed };
}
