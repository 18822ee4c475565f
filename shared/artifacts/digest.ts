import { createHash, type Hash } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { ArtifactError, fsError } from './errors.js';

export type HashAlgorithm = 'sha256' | 'sha512';
export const HASH_ALGORITHMS: readonly HashAlgorithm[] = ['sha256', 'sha512'];

/** Digests keyed by in-toto DigestSet names (`sha256`, `sha512`), lowercase hex. */
export type DigestSet = Partial<Record<HashAlgorithm, string>> & { sha256: string };

/** Read size: large enough that syscalls and hash-update overhead vanish next to the hashing itself. */
export const READ_CHUNK = 1024 * 1024;

export interface Progress {
  path: string;
  bytes: number;
  total: number;
}

export interface DigestOptions {
  algorithms?: readonly HashAlgorithm[];
  /** Extra consumers fed every chunk in the same pass (e.g. a streaming signer). */
  sinks?: { update(chunk: Buffer): unknown }[];
  /** Called after each chunk; also used by tests to change the file mid-read. */
  onChunk?: (p: Progress) => void | Promise<void>;
  /** Called at most once a second for reads that take longer than a second. */
  onProgress?: (p: Progress) => void;
  chunkSize?: number;
}

export interface FileDigest {
  path: string;
  size: number;
  /** Git-style mode: 100755 when any execute bit is set, else 100644. */
  mode: '100644' | '100755';
  digest: DigestSet;
}

/**
 * Stream one regular file through SHA-256 (and SHA-512 when asked) in a single pass with bounded
 * memory. The file's size, mtime and inode are compared before and after, and the byte count
 * against the size, so a file that changes while it is read is an error, never a digest.
 */
export async function digestFile(path: string, opts: DigestOptions = {}): Promise<FileDigest> {
  const algorithms = normaliseAlgorithms(opts.algorithms);
  let fh: FileHandle;
  try {
    // Refuse FIFOs and devices before open(), which would block on a FIFO.
    if (!(await stat(path)).isFile()) throw new ArtifactError('file-type', `"${path}" is not a regular file`, { hint: 'give a file, a directory or a glob' });
    fh = await open(path, 'r');
  } catch (err) {
    throw fsError(err, path);
  }
  try {
    let before;
    try {
      before = await fh.stat();
    } catch (err) {
      throw fsError(err, path);
    }
    if (!before.isFile()) throw new ArtifactError('file-type', `"${path}" is not a regular file`, { hint: 'give a file, a directory or a glob' });
    const hashes: [HashAlgorithm, Hash][] = algorithms.map((a) => [a, createHash(a)]);
    const sinks = opts.sinks ?? [];
    // Two reused buffers: the next read runs on the thread pool while this chunk is hashed, so
    // throughput approaches the slower of reading and hashing instead of their sum; no per-chunk
    // garbage, so peak RSS stays flat whatever the file size.
    const size = opts.chunkSize ?? READ_CHUNK;
    const bufs = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)] as const;
    let which = 0;
    let pending: Promise<{ bytesRead: number }> | undefined = fh.read(bufs[0], 0, size, null);
    let bytes = 0;
    const started = performance.now();
    let lastReport = started;
    try {
      for (;;) {
        let n: number;
        try {
          n = (await pending!).bytesRead;
        } catch (err) {
          pending = undefined;
          throw fsError(err, path);
        }
        pending = undefined;
        if (n === 0) break;
        const chunk = bufs[which]!.subarray(0, n);
        which ^= 1;
        pending = fh.read(bufs[which]!, 0, size, null);
        for (const [, h] of hashes) h.update(chunk);
        for (const s of sinks) s.update(chunk);
        bytes += n;
        if (opts.onChunk) await opts.onChunk({ path, bytes, total: before.size });
        if (opts.onProgress) {
          const now = performance.now();
          if (now - started > 1000 && now - lastReport >= 1000) {
            lastReport = now;
            opts.onProgress({ path, bytes, total: before.size });
          }
        }
      }
    } finally {
      // Never close the file under a read still in flight (an error above left one behind).
      await pending?.catch(() => undefined);
    }
    let after;
    let atPath;
    try {
      after = await fh.stat();
      atPath = await stat(path);
    } catch (err) {
      throw fsError(err, path);
    }
    if (
      after.size !== before.size ||
      after.mtimeMs !== before.mtimeMs ||
      bytes !== before.size ||
      atPath.ino !== before.ino ||
      atPath.dev !== before.dev
    ) {
      throw new ArtifactError(
        'file-changed',
        `"${path}" changed while it was being hashed (size ${before.size} -> ${after.size}, read ${bytes} bytes${atPath.ino !== before.ino ? ', replaced by another file' : ''})`,
        { hint: 'hash artifacts only after the step that writes them has finished' },
      );
    }
    const digest = {} as DigestSet;
    for (const [a, h] of hashes) digest[a] = h.digest('hex');
    return { path, size: before.size, mode: (before.mode & 0o111) !== 0 ? '100755' : '100644', digest };
  } finally {
    await fh.close().catch(() => undefined);
  }
}

export function normaliseAlgorithms(list: readonly HashAlgorithm[] | undefined): HashAlgorithm[] {
  const set = new Set<HashAlgorithm>(['sha256', ...(list ?? [])]);
  return HASH_ALGORITHMS.filter((a) => set.has(a));
}

export function parseAlgorithms(text: string | undefined): HashAlgorithm[] {
  if (!text) return ['sha256'];
  const out: HashAlgorithm[] = [];
  for (const raw of text.split(/[\s,]+/).filter(Boolean)) {
    const a = raw.toLowerCase().replace('-', '');
    if (a !== 'sha256' && a !== 'sha512') {
      throw new ArtifactError('path-invalid', `unknown hash algorithm "${raw}"`, { hint: 'use sha256, or sha256,sha512' });
    }
    out.push(a);
  }
  return normaliseAlgorithms(out);
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}
