import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactError } from '../../shared/artifacts/errors.js';
import { compareSource, tarballEntries, assertTagName } from '../../shared/artifacts/source.js';
import { listTar } from '../../shared/artifacts/tar.js';
import signArtifact from '../../shared/actions/sign-artifact.js';
import { request, run, tmp, write } from './helpers.js';

/** A git repo with tag v5.6.1, and release tarballs made from it the way a maintainer would. */
function fixture() {
  const d = tmp('cic-src-');
  const repo = join(d, 'repo');
  write(repo, { 'configure.ac': 'AC_INIT\n', 'm4/ax_foo.m4': 'dnl foo\n', 'src/liblzma.c': 'int x;\n', 'tests/files/good.xz': 'xz' });
  const git = (...a: string[]) => run('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...a], repo);
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'release');
  git('tag', 'v5.6.1');
  return { d, repo };
}

function tarball(d: string, repo: string, name: string, extra: Record<string, string>, compress: 'gz' | 'xz' | 'none', change?: Record<string, string>): string {
  const stage = join(d, `stage-${name}`);
  run('mkdir', ['-p', stage]);
  run('sh', ['-c', `git -C "${repo}" archive --prefix=xz-5.6.1/ v5.6.1 | tar -x -C "${stage}"`]);
  write(join(stage, 'xz-5.6.1'), { ...extra, ...(change ?? {}) });
  const out = join(d, `${name}.tar${compress === 'none' ? '' : `.${compress}`}`);
  const flag = compress === 'gz' ? '-czf' : compress === 'xz' ? '-cJf' : '-cf';
  expect(run('tar', [flag, out, '-C', stage, 'xz-5.6.1']).code).toBe(0);
  return out;
}

describe('release tarball vs git archive', () => {
  it('an honest tarball (plus allowed generated files) matches', async () => {
    const { d, repo } = fixture();
    const t = tarball(d, repo, 'honest', { configure: '#!/bin/sh\n' }, 'gz');
    const c = await compareSource({ tarball: t, repo, tag: 'v5.6.1' });
    expect(c).toMatchObject({ prefix: 'xz-5.6.1/', onlyInTarball: ['configure'], changed: [], onlyInGit: [] });
    const { req } = request({ inputs: { 'working-directory': d, 'source-tarball': t, 'source-tag': 'v5.6.1', 'source-repo': repo }, artifacts: { 'source-match': 'required', 'source-allow-extra': ['configure'] } });
    const o = await signArtifact.commands['source-check']!(req);
    expect(o.checks).toMatchObject([{ rule: 'artifacts.source-match', status: 'pass' }]);
  });

  it.each(['gz', 'xz', 'none'] as const)('the xz lesson (%s): a file only in the tarball denies artifacts.source-match', async (compress) => {
    const { d, repo } = fixture();
    const t = tarball(d, repo, `bad-${compress}`, { 'm4/build-to-host.m4': 'eval $(payload)\n' }, compress);
    const { req } = request({ inputs: { 'working-directory': d, 'source-tarball': t, 'source-tag': 'v5.6.1', 'source-repo': repo }, artifacts: { 'source-match': 'required', 'source-allow-extra': ['configure'] } });
    const o = await signArtifact.commands['source-check']!(req);
    expect(o.checks[0]).toMatchObject({ rule: 'artifacts.source-match', status: 'fail', seen: { onlyInTarball: ['m4/build-to-host.m4'] } });
    expect(o.checks[0]!.message).toContain('+ m4/build-to-host.m4 (only in the tarball)');
  });

  it('a file changed in the tarball denies with both digests', async () => {
    const { d, repo } = fixture();
    const t = tarball(d, repo, 'changed', {}, 'gz', { 'src/liblzma.c': 'int x; backdoor();\n' });
    const { req } = request({ inputs: { 'working-directory': d, 'source-tarball': t, 'source-tag': 'v5.6.1', 'source-repo': repo } });
    const o = await signArtifact.commands['source-check']!(req);
    expect(o.checks[0]).toMatchObject({ status: 'fail', seen: { changed: ['src/liblzma.c'] } });
  });

  it.each([
    ['an unknown tag', { 'source-tag': 'v9.9.9' }, /git archive failed/],
    ['an option-like tag', { 'source-tag': '--output=/tmp/x' }, /not an acceptable tag/],
    ['a corrupt tarball', { 'source-tarball': 'CORRUPT' }, /checksum mismatch|not valid gzip|truncated|not a tar/],
    ['a missing tarball', { 'source-tarball': 'missing.tgz' }, /does not exist/],
  ])('%s denies with a clear error', async (_w, over, msg) => {
    const { d, repo } = fixture();
    const t = tarball(d, repo, 'ok', {}, 'gz');
    writeFileSync(join(d, 'corrupt.tgz'), Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(100, 9)]));
    const inputs: Record<string, string> = { 'working-directory': d, 'source-tarball': t, 'source-tag': 'v5.6.1', 'source-repo': repo, ...over };
    if (inputs['source-tarball'] === 'CORRUPT') inputs['source-tarball'] = join(d, 'corrupt.tgz');
    const { req } = request({ inputs });
    const o = await signArtifact.commands['source-check']!(req);
    expect(o.checks[0]).toMatchObject({ rule: 'artifacts.source-match', status: 'fail' });
    expect(o.checks[0]!.message).toMatch(msg);
  });

  it('the tar reader agrees with GNU tar on long names, links and modes', async () => {
    const d = tmp();
    const long = `${'deep/'.repeat(60)}file.txt`;
    write(join(d, 'in'), { [long]: 'long', 'x.sh': '#!/bin/sh\n' });
    run('chmod', ['755', join(d, 'in/x.sh')]);
    run('ln', ['-s', 'x.sh', join(d, 'in/link')]);
    for (const format of ['gnu', 'pax', 'ustar']) {
      const out = join(d, `t-${format}.tar`);
      const r = run('tar', [`--format=${format}`, '-cf', out, '-C', join(d, 'in'), '.']);
      if (format === 'ustar') {
        expect(r.code).not.toBe(0); // a 300-char name does not fit ustar: tar itself refuses
        continue;
      }
      const entries = await listTar(createReadStream(out) as AsyncIterable<Buffer>);
      const names = run('tar', ['-tf', out]).out.trim().split('\n').map((n) => n.replace(/\/$/, ''));
      expect(entries.map((e) => e.path.replace(/\/$/, '')).sort()).toEqual(names.sort());
      expect(entries.find((e) => e.path.endsWith('file.txt'))!.sha256).toBe(run('sha256sum', [join(d, 'in', long)]).out.slice(0, 64));
      expect(entries.find((e) => e.path.endsWith('link'))).toMatchObject({ type: 'symlink', linkname: 'x.sh' });
      expect(entries.find((e) => e.path.endsWith('x.sh'))!.mode & 0o111).not.toBe(0);
    }
    await expect(tarballEntries(join(d, 'in/x.sh'))).rejects.toBeInstanceOf(ArtifactError);
  });

  it.each(['v1.0', 'refs/tags/v1.0', 'release/2026.05'])('accepts tag %s', (t) => expect(assertTagName(t)).toMatch(/^refs\/tags\//));
  it.each(['-x', 'v1..v2', 'a b', 'v1;rm', 'HEAD@{1}', 'v1~1'])('refuses tag %s', (t) => expect(() => assertTagName(t)).toThrow(ArtifactError));
});
