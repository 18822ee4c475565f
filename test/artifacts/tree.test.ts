import { appendFileSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { digestFile } from '../../shared/artifacts/digest.js';
import { ArtifactError, fsError } from '../../shared/artifacts/errors.js';
import { digestTree, manifestToChecksums, treeDigest, type ManifestEntry } from '../../shared/artifacts/tree.js';
import { parseChecksums, resolveChecksumSubjects } from '../../shared/artifacts/subjects.js';
import { run, tmp, write } from './helpers.js';

const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
const entry = fc.record({
  path: fc.stringMatching(/^[a-z0-9._-]{1,8}(\/[a-z0-9._-]{1,8}){0,3}$/),
  mode: fc.constantFrom('100644', '100755', '120000') as fc.Arbitrary<ManifestEntry['mode']>,
  size: fc.nat(),
  digest: hex.map((sha256) => ({ sha256 })),
});
const tree = fc.uniqueArray(entry, { selector: (e) => e.path, minLength: 1, maxLength: 30 });

function reason(fn: () => unknown): Promise<string | undefined> {
  return Promise.resolve()
    .then(fn)
    .then(() => undefined, (e: unknown) => (e instanceof ArtifactError ? e.reason : `not an ArtifactError: ${String(e)}`));
}

describe('tree digest properties', () => {
  it('is invariant under any permutation of the entries', () => {
    fc.assert(fc.property(tree.chain((t) => fc.tuple(fc.constant(t), fc.shuffledSubarray(t, { minLength: t.length, maxLength: t.length }))), ([a, b]) => treeDigest(a) === treeDigest(b)));
  });

  it('changes when any content, mode or path changes, or an entry is added or removed', () => {
    fc.assert(
      fc.property(tree, fc.nat(), fc.constantFrom('content', 'mode', 'path', 'remove', 'add'), hex, (t, i, what, other) => {
        const k = i % t.length;
        const changed = t.map((e) => ({ ...e, digest: { ...e.digest } }));
        const e = changed[k]!;
        if (what === 'content') {
          fc.pre(other !== e.digest.sha256);
          e.digest.sha256 = other;
        } else if (what === 'mode') e.mode = e.mode === '100644' ? '100755' : '100644';
        else if (what === 'path') {
          fc.pre(!t.some((x) => x.path === `${e.path}x`));
          e.path = `${e.path}x`;
        } else if (what === 'remove') {
          fc.pre(t.length > 1);
          changed.splice(k, 1);
        } else {
          fc.pre(!t.some((x) => x.path === 'zz/added'));
          changed.push({ path: 'zz/added', mode: '100644', size: 0, digest: { sha256: other } });
        }
        return treeDigest(changed) !== treeDigest(t);
      }),
    );
  });

  it('has a fixed, documented encoding (same on every platform)', () => {
    // printf '100644 <hex(a)> a\0100755 <hex(b)> b/c\0' | sha256sum, computed independently with coreutils.
    const dir = tmp();
    write(dir, { a: 'A', 'b/c': 'C' });
    run('chmod', ['755', join(dir, 'b/c')]);
    const ha = run('sha256sum', [join(dir, 'a')]).out.slice(0, 64);
    const hc = run('sha256sum', [join(dir, 'b/c')]).out.slice(0, 64);
    const encoded = join(dir, 'encoded');
    writeFileSync(encoded, `100644 ${ha} a\x00100755 ${hc} b/c\x00`);
    const expected = run('sha256sum', [encoded]).out.slice(0, 64);
    const entries: ManifestEntry[] = [
      { path: 'b/c', mode: '100755', size: 1, digest: { sha256: hc } },
      { path: 'a', mode: '100644', size: 1, digest: { sha256: ha } },
    ];
    expect(treeDigest(entries)).toBe(expected);
  });
});

describe('digestTree on disk', () => {
  it('is stable across creation order and mtimes', async () => {
    const a = tmp();
    const b = tmp();
    write(a, { 'x/1.txt': 'one', 'y/2.txt': 'two', 'z.txt': 'zed' });
    write(b, { 'z.txt': 'zed', 'y/2.txt': 'two', 'x/1.txt': 'one' });
    utimesSync(join(b, 'z.txt'), new Date('1999-01-01'), new Date('1999-01-01'));
    const [ma, mb] = [await digestTree(a), await digestTree(b)];
    expect(ma.digest).toEqual(mb.digest);
    expect(ma.files.map((f) => f.path)).toEqual(['x/1.txt', 'y/2.txt', 'z.txt']);
    // The sha256sum-format manifest is accepted by coreutils.
    writeFileSync(join(a, '..', 'm.sha256'), manifestToChecksums(ma));
    expect(run('sha256sum', ['-c', join(a, '..', 'm.sha256')], a).code).toBe(0);
  });

  it('records symbolic links (even loops) by target text without following them', async () => {
    const d = tmp();
    write(d, { 'f.txt': 'f' });
    symlinkSync('loop', join(d, 'loop'));
    symlinkSync('.', join(d, 'self'));
    const m = await digestTree(d);
    expect(m.files.map((f) => [f.path, f.mode, f.target])).toEqual([
      ['f.txt', '100644', undefined],
      ['loop', '120000', 'loop'],
      ['self', '120000', '.'],
    ]);
  });

  it.each([
    ['a link to an ancestor directory', (d: string) => symlinkSync('..', join(d, 'sub/up')), 'symlink-loop'],
    ['a self-referencing link', (d: string) => symlinkSync('me', join(d, 'me')), 'symlink-loop'],
    ['a dangling link', (d: string) => symlinkSync('nowhere', join(d, 'dangling')), 'file-missing'],
  ])('with follow-symlinks, %s is a clear error', async (_w, make, expected) => {
    const d = tmp();
    write(d, { 'sub/f.txt': 'f' });
    make(d);
    expect(await reason(() => digestTree(d, { followSymlinks: true }))).toBe(expected);
  });

  it('a FIFO in a directory is refused, not read forever', async () => {
    const d = tmp();
    write(d, { 'f.txt': 'f' });
    run('mkfifo', [join(d, 'pipe')]);
    expect(await reason(() => digestTree(d))).toBe('file-type');
  });
});

describe('digestFile', () => {
  it('matches sha256sum and sha512sum', async () => {
    const d = tmp();
    write(d, { f: Buffer.alloc(5_000_000, 3) });
    const r = await digestFile(join(d, 'f'), { algorithms: ['sha512'], chunkSize: 65536 });
    expect(r.digest.sha256).toBe(run('sha256sum', [join(d, 'f')]).out.slice(0, 64));
    expect(r.digest.sha512).toBe(run('sha512sum', [join(d, 'f')]).out.slice(0, 128));
  });

  it('a file that grows while it is hashed is detected', async () => {
    const d = tmp();
    const f = join(d, 'f');
    write(d, { f: Buffer.alloc(1_000_000, 1) });
    let once = false;
    const onChunk = () => {
      if (!once) appendFileSync(f, 'more');
      once = true;
    };
    expect(await reason(() => digestFile(f, { chunkSize: 65536, onChunk }))).toBe('file-changed');
  });

  it('a file rewritten in place (same size) while hashed is detected by its mtime', async () => {
    const d = tmp();
    const f = join(d, 'f');
    write(d, { f: Buffer.alloc(1_000_000, 1) });
    utimesSync(f, new Date('2000-01-01'), new Date('2000-01-01'));
    let once = false;
    const onChunk = () => {
      if (!once) writeFileSync(f, Buffer.alloc(1_000_000, 2));
      once = true;
    };
    expect(await reason(() => digestFile(f, { chunkSize: 65536, onChunk }))).toBe('file-changed');
  });

  it.each([
    ['missing', 'nope', 'file-missing'],
    ['a directory', '.', 'file-type'],
  ])('%s file is a clear error', async (_w, name, expected) => {
    const d = tmp();
    expect(await reason(() => digestFile(join(d, name)))).toBe(expected);
  });

  it.each([
    ['EACCES', 'file-unreadable'],
    ['EPERM', 'file-unreadable'],
    ['ELOOP', 'symlink-loop'],
    ['EIO', 'file-unreadable'],
  ])('fs error %s maps to %s with a hint', (code, expected) => {
    const e = fsError(Object.assign(new Error('x'), { code }), 'some/file');
    expect(e.reason).toBe(expected);
    expect(e.message).toContain('some/file');
  });

  it('an unreadable file (as a non-root user) is file-unreadable', async () => {
    const d = tmp();
    write(d, { f: 'secret' });
    run('chmod', ['000', join(d, 'f')]);
    if (process.getuid?.() === 0) {
      // root reads anything; the mapping itself is covered by the EACCES case above.
      return;
    }
    expect(await reason(() => digestFile(join(d, 'f')))).toBe('file-unreadable');
  });
});

describe('checksums files', () => {
  it('parses GNU text/binary/escaped lines and BSD tags', () => {
    const a = 'a'.repeat(64);
    const text = `${a}  plain.txt\n${a} *bin.exe\n\\${a}  new\\nline\nSHA256 (bsd.tgz) = ${'B'.repeat(64)}\n`;
    expect(parseChecksums(text)).toEqual([
      { name: 'plain.txt', sha256: a },
      { name: 'bin.exe', sha256: a },
      { name: 'new\nline', sha256: a },
      { name: 'bsd.tgz', sha256: 'b'.repeat(64) },
    ]);
  });

  it.each([
    ['md5 lines', `${'a'.repeat(32)}  f\n`],
    ['sha512 lines', `${'a'.repeat(128)}  f\n`],
    ['empty', '\n'],
  ])('rejects %s', (_w, text) => {
    expect(() => parseChecksums(text)).toThrow(ArtifactError);
  });

  it('re-hashes listed files that exist and refuses a wrong line', async () => {
    const d = tmp();
    write(d, { 'out/a.tgz': 'A' });
    mkdirSync(join(d, 'sums'));
    const good = run('sha256sum', ['a.tgz'], join(d, 'out')).out;
    writeFileSync(join(d, 'out/SHA256SUMS'), good + `${'c'.repeat(64)}  remote-only.tgz\n`);
    const subjects = await resolveChecksumSubjects(['out/SHA256SUMS'], { cwd: d });
    expect(subjects.map((s) => [s.name, s.kind, s.path !== undefined])).toEqual([
      ['a.tgz', 'checksum', true],
      ['remote-only.tgz', 'checksum', false],
    ]);
    writeFileSync(join(d, 'out/SHA256SUMS'), `${'0'.repeat(64)}  a.tgz\n`);
    expect(await reason(() => resolveChecksumSubjects(['out/SHA256SUMS'], { cwd: d }))).toBe('checksums-invalid');
  });
});

describe('digestFile on special files', () => {
  it('a FIFO given directly is refused without blocking', async () => {
    const d = tmp();
    run('mkfifo', [join(d, 'pipe')]);
    expect(await reason(() => digestFile(join(d, 'pipe')))).toBe('file-type');
  });
});
