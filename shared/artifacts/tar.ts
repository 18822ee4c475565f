import { createHash, type Hash } from 'node:crypto';
import { ArtifactError } from './errors.js';

/** One member of a tar archive, content hashed while streaming (never held in memory). */
export interface TarEntry {
  path: string;
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
  mode: number;
  size: number;
  sha256?: string;
  linkname?: string;
}

const BLOCK = 512;
const META_LIMIT = 1024 * 1024;

function cString(buf: Buffer, start: number, len: number): string {
  const slice = buf.subarray(start, start + len);
  const nul = slice.indexOf(0);
  return slice.subarray(0, nul === -1 ? len : nul).toString('utf8');
}

function numeric(buf: Buffer, start: number, len: number, what: string): number {
  const field = buf.subarray(start, start + len);
  if (field[0]! & 0x80) {
    // GNU base-256: big-endian, high bit of the first byte is the marker.
    let v = field[0]! & 0x7f;
    for (let i = 1; i < field.length; i++) v = v * 256 + field[i]!;
    if (!Number.isSafeInteger(v)) throw new ArtifactError('tar-invalid', `tar header ${what} is too large`);
    return v;
  }
  const text = cString(buf, start, len).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new ArtifactError('tar-invalid', `tar header field ${what} is not octal (${JSON.stringify(text)})`);
  return parseInt(text, 8);
}

function checksumOk(h: Buffer): boolean {
  const stored = numeric(h, 148, 8, 'checksum');
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  return sum === stored;
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space === -1) break;
    const len = parseInt(data.subarray(pos, space).toString('ascii'), 10);
    if (!Number.isFinite(len) || len <= 0 || pos + len > data.length) throw new ArtifactError('tar-invalid', 'malformed pax extended header');
    const record = data.subarray(space + 1, pos + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    pos += len;
  }
  return out;
}

/**
 * A minimal streaming tar reader (ustar, GNU long names, pax headers, base-256 sizes) that lists
 * members and hashes file contents as they stream by. Anything malformed is a `tar-invalid` error.
 */
export async function listTar(chunks: AsyncIterable<Buffer>): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  let pending: Buffer = Buffer.alloc(0);
  type State = 'header' | 'data' | 'meta' | 'pad' | 'end';
  let state = 'header' as State;
  const now = (): State => state;
  let remaining = 0;
  let padding = 0;
  let current: TarEntry | undefined;
  let hash: Hash | undefined;
  let meta: { kind: 'pax' | 'gnu-name' | 'gnu-link' | 'global'; parts: Buffer[] } | undefined;
  let next: { path?: string; linkname?: string; size?: number } = {};
  let zeroBlocks = 0;

  const finishEntry = () => {
    if (current) {
      if (hash) current.sha256 = hash.digest('hex');
      entries.push(current);
    }
    current = undefined;
    hash = undefined;
  };

  const onHeader = (h: Buffer) => {
    if (h.every((b) => b === 0)) {
      zeroBlocks++;
      if (zeroBlocks >= 2) state = 'end';
      return;
    }
    zeroBlocks = 0;
    if (!checksumOk(h)) throw new ArtifactError('tar-invalid', `tar header checksum mismatch after ${entries.length} entries`, { hint: 'the archive is corrupt or not a tar file' });
    const type = String.fromCharCode(h[156]!);
    let size = numeric(h, 124, 12, 'size');
    const magic = cString(h, 257, 6);
    let name = cString(h, 0, 100);
    if (magic.startsWith('ustar')) {
      const prefix = cString(h, 345, 155);
      if (prefix && h.subarray(257, 263).toString('latin1') === 'ustar\0') name = `${prefix}/${name}`;
    }
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      if (size > META_LIMIT) throw new ArtifactError('tar-invalid', `tar extended header of ${size} bytes is too large`);
      meta = { kind: type === 'x' ? 'pax' : type === 'g' ? 'global' : type === 'L' ? 'gnu-name' : 'gnu-link', parts: [] };
      remaining = size;
      padding = (BLOCK - (size % BLOCK)) % BLOCK;
      state = size > 0 ? 'meta' : 'header';
      if (size === 0) meta = undefined;
      return;
    }
    if (next.size !== undefined) size = next.size;
    const path = next.path ?? name;
    const linkname = next.linkname ?? cString(h, 157, 100);
    next = {};
    const kind: TarEntry['type'] =
      type === '0' || type === '\0' || type === '7' ? 'file' : type === '5' ? 'directory' : type === '2' ? 'symlink' : type === '1' ? 'hardlink' : 'other';
    current = { path, type: kind, mode: numeric(h, 100, 8, 'mode'), size };
    if (kind === 'symlink' || kind === 'hardlink') current.linkname = linkname;
    const dataSize = kind === 'directory' || kind === 'symlink' || kind === 'hardlink' ? 0 : size;
    if (kind === 'file') hash = createHash('sha256');
    remaining = dataSize;
    padding = (BLOCK - (dataSize % BLOCK)) % BLOCK;
    if (dataSize === 0) finishEntry();
    else state = 'data';
  };

  const onMetaDone = () => {
    const data = Buffer.concat(meta!.parts);
    if (meta!.kind === 'pax') {
      const pax = parsePax(data);
      if (pax.path !== undefined) next.path = pax.path;
      if (pax.linkpath !== undefined) next.linkname = pax.linkpath;
      if (pax.size !== undefined) next.size = Number(pax.size);
    } else if (meta!.kind === 'gnu-name') next.path = cString(data, 0, data.length);
    else if (meta!.kind === 'gnu-link') next.linkname = cString(data, 0, data.length);
    meta = undefined;
  };

  for await (const chunk of chunks) {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let pos = 0;
    while (now() !== 'end') {
      if (now() === 'header') {
        if (pending.length - pos < BLOCK) break;
        onHeader(pending.subarray(pos, pos + BLOCK));
        pos += BLOCK;
      } else if (now() === 'data' || now() === 'meta') {
        const take = Math.min(remaining, pending.length - pos);
        if (take === 0) break;
        const part = pending.subarray(pos, pos + take);
        if (state === 'data') hash?.update(part);
        else meta!.parts.push(Buffer.from(part));
        pos += take;
        remaining -= take;
        if (remaining === 0) {
          if (state === 'data') finishEntry();
          else onMetaDone();
          state = padding > 0 ? 'pad' : 'header';
        }
      } else if (state === 'pad') {
        const take = Math.min(padding, pending.length - pos);
        if (take === 0) break;
        pos += take;
        padding -= take;
        if (padding === 0) state = 'header';
      }
    }
    pending = pending.subarray(pos);
    if (now() === 'end') break;
  }
  if (now() === 'data' || now() === 'meta' || current) throw new ArtifactError('tar-invalid', 'tar archive ends in the middle of a member', { hint: 'the archive is truncated' });
  if (now() !== 'end' && zeroBlocks === 0 && entries.length === 0) throw new ArtifactError('tar-invalid', 'not a tar archive (no members)');
  return entries;
}
