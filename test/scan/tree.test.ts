import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { scanTree } from '../../shared/scan/index.js';
import { CiConstraintsError } from '../../shared/errors.js';
import { KINDS } from './corpus.mjs';
import { git, gitRepo, tmp, write } from './helpers.js';

const ghp = () => KINDS.find((k) => k.rule === 'github-pat')!.make();

describe('scanTree over a git work tree', () => {
  it('a clean tree has no findings', async () => {
    const root = gitRepo({
      'README.md': '# demo\nSet DB_PASSWORD in Vault, never here.\n',
      'src/app.ts': 'const token = process.env.API_TOKEN;\nexport const password = readPassword();\n',
      '.github/workflows/ci.yml': 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ secrets.GITHUB_TOKEN }}\n',
    });
    const r = await scanTree({ root, staticAllowed: ['GITHUB_TOKEN'] });
    expect(r.findings).toEqual([]);
    expect(r.filesScanned).toBe(3);
    expect(r.ciConfigs).toEqual(['.github/workflows/ci.yml']);
  });

  it('scans tracked files only; untracked and ignored files are not read', async () => {
    const tracked = ghp();
    const untracked = ghp();
    const root = gitRepo({ 'a.env': `T=${tracked.secret}\n`, '.gitignore': 'ignored.env\n' });
    write(root, 'untracked.env', `T=${untracked.secret}\n`);
    write(root, 'ignored.env', `T=${untracked.secret}\n`);
    const r = await scanTree({ root, staticAllowed: [] });
    expect(r.findings.map((f) => `${f.file}:${f.line}:${f.rule}`)).toEqual(['a.env:1:github-pat']);
  });

  it('diffBase limits the scan to changed files, but CI configs are always scanned', async () => {
    const old = ghp();
    const fresh = ghp();
    const root = gitRepo({ 'old.env': `T=${old.secret}\n`, '.github/workflows/w.yml': 'on: push\njobs:\n  a:\n    uses: ./.github/workflows/r.yml\n    secrets: inherit\n' });
    const base = git(root, 'rev-parse', 'HEAD').trim();
    write(root, 'new.env', `T=${fresh.secret}\n`);
    write(root, 'changed.md', 'nothing\n');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'more');
    const r = await scanTree({ root, diffBase: base, staticAllowed: [] });
    expect(r.findings.map((f) => `${f.file}:${f.line}:${f.rule}`)).toEqual(['.github/workflows/w.yml:5:ci-secrets-inherit', 'new.env:1:github-pat']);
  });

  it('an unknown diff base is a config error naming it', async () => {
    const root = gitRepo({ 'a.txt': 'x\n' });
    await expect(scanTree({ root, diffBase: 'no-such-rev', staticAllowed: [] })).rejects.toMatchObject({ code: 'input-invalid', message: expect.stringContaining('no-such-rev') });
    await expect(scanTree({ root, diffBase: '--output=/tmp/x', staticAllowed: [] })).rejects.toBeInstanceOf(CiConstraintsError);
  });

  it('a subdirectory of a repository scans paths relative to it', async () => {
    const s = ghp();
    const root = gitRepo({ 'sub/dir/a.env': `T=${s.secret}\n`, 'other.env': `T=${ghp().secret}\n` });
    const r = await scanTree({ root: join(root, 'sub'), staticAllowed: [] });
    expect(r.findings.map((f) => f.file)).toEqual(['dir/a.env']);
  });
});

describe('CI configs', () => {
  it('workflow patterns: toJSON(secrets) any spacing/case, whole context, dynamic names, disallowed names, inherit', async () => {
    const wf = [
      'on: push', // 1
      'jobs:', // 2
      '  a:', // 3
      '    runs-on: ubuntu-latest', // 4
      '    env:', // 5
      '      ALL: ${{ toJSON(secrets) }}', // 6
      '      ALL2: ${{toJson( secrets )}}', // 7
      '      NPM: ${{ secrets.NPM_TOKEN }}', // 8
      '      GH: ${{ secrets.github_token }}', // 9
      "      DYN: ${{ secrets[format('{0}_KEY', matrix.env)] }}", // 10
      "      Q: ${{ secrets['DEPLOY_KEY'] }}", // 11
      '    if: secrets.SONAR_TOKEN != \'\'', // 12
      '    steps:', // 13
      '      # - run: echo ${{ secrets.COMMENTED }}', // 14
      '      - run: echo "see secrets.md"', // 15
      '  b:', // 16
      '    uses: org/repo/.github/workflows/r.yml@v1', // 17
      '    secrets: inherit', // 18
    ].join('\n');
    const root = gitRepo({ '.github/workflows/ci.yaml': wf + '\n' });
    const r = await scanTree({ root, staticAllowed: ['GITHUB_TOKEN'] });
    expect(r.findings.map((f) => `${f.line}:${f.rule}`)).toEqual([
      '6:ci-secrets-tojson',
      '7:ci-secrets-tojson',
      '8:ci-secret-reference',
      '10:ci-secret-dynamic-reference',
      '11:ci-secret-reference',
      '12:ci-secret-reference',
      '18:ci-secrets-inherit',
    ]);
    expect(r.findings.every((f) => f.kind === 'ci-config' && f.redacted === '')).toBe(true);
    expect(r.findings[2]!.description).toContain('NPM_TOKEN');
  });

  it('GitLab: .gitlab-ci.yml and its local includes (string, local:, globs, nested) are scanned, even untracked', async () => {
    const a = ghp();
    const b = KINDS.find((k) => k.rule === 'gitlab-pat')!.make();
    const c = KINDS.find((k) => k.rule === 'npm-access-token')!.make();
    const root = tmp('scan-gl-');
    write(root, '.gitlab-ci.yml', "include:\n  - local: /ci/build.yml\n  - '/ci/more/*.yml'\n  - remote: https://example.com/x.yml\n  - project: g/p\n    file: /x.yml\n");
    write(root, 'ci/build.yml', `include: /ci/nested.yml\nbuild:\n  script: [echo]\n  variables:\n    GL: ${b.secret}\n`);
    write(root, 'ci/nested.yml', `nested:\n  variables:\n    TOKEN: ${a.secret}\n`);
    write(root, 'ci/more/x.yml', `x:\n  variables:\n    NPM: ${c.secret}\n`);
    const r = await scanTree({ root, staticAllowed: [] });
    expect(r.ciConfigs).toEqual(['.gitlab-ci.yml', 'ci/build.yml', 'ci/more/x.yml', 'ci/nested.yml']);
    expect(r.findings.map((f) => `${f.file}:${f.rule}`)).toEqual(['ci/build.yml:gitlab-pat', 'ci/more/x.yml:npm-access-token', 'ci/nested.yml:github-pat']);
  });

  it('CircleCI config is scanned', async () => {
    const s = KINDS.find((k) => k.rule === 'aws-access-token')!.make();
    const root = tmp('scan-cc-');
    write(root, '.circleci/config.yml', `version: 2.1\njobs:\n  b:\n    environment:\n      AWS_ACCESS_KEY_ID: ${s.secret}\n`);
    const r = await scanTree({ root, staticAllowed: [] });
    expect(r.findings.map((f) => `${f.file}:${f.line}:${f.rule}`)).toEqual(['.circleci/config.yml:5:aws-access-token']);
  });
});

describe('hard files never crash the scan', () => {
  it('huge, binary, symlink loop, dangling symlink, non-UTF-8, FIFO, unreadable, directory-like entries', async () => {
    const planted = ghp();
    const root = tmp('scan-edge-');
    write(root, 'huge.txt', Buffer.alloc(2 * 1024 * 1024, 'a'));
    write(root, 'bin.dat', Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(`T=${planted.secret}`)]));
    symlinkSync('loop-b', join(root, 'loop-a'));
    symlinkSync('loop-a', join(root, 'loop-b'));
    symlinkSync('/etc/passwd', join(root, 'outside'));
    symlinkSync('missing', join(root, 'dangling'));
    mkdirSync(join(root, 'dirloop'));
    symlinkSync('..', join(root, 'dirloop', 'up'));
    write(root, 'latin1.txt', Buffer.concat([Buffer.from([0xff, 0xfe, 0xe9, 0x80]), Buffer.from(`\npassword = ${planted.secret}\n`)]));
    execFileSync('mkfifo', [join(root, 'fifo')]);
    write(root, 'secret-unreadable.txt', `T=${planted.secret}\n`);
    chmodSync(join(root, 'secret-unreadable.txt'), 0);
    const r = await scanTree({ root, staticAllowed: [] });
    expect(r.findings.map((f) => `${f.file}:${f.line}:${f.rule}`)).toEqual(
      process.getuid?.() === 0 ? ['latin1.txt:2:github-pat', 'secret-unreadable.txt:1:github-pat'] : ['latin1.txt:2:github-pat'],
    );
    expect(r.skipped!.counts).toMatchObject({ 'too-large': 1, binary: 1, symlink: 5 });
    expect(r.skipped!.counts['not-regular'] ?? 0).toBe(0); // the FIFO is not a file: never listed, never opened
    if (process.getuid?.() !== 0) expect(r.skipped!.unreadable).toEqual(['secret-unreadable.txt']);
  });

  it('maxFileBytes raises the limit', async () => {
    const root = tmp('scan-big-');
    const s = ghp();
    write(root, 'big.txt', 'x'.repeat(1_200_000) + `\nT=${s.secret}\n`);
    expect((await scanTree({ root, staticAllowed: [] })).findings).toEqual([]);
    expect((await scanTree({ root, staticAllowed: [], maxFileBytes: 4 * 1024 * 1024 })).findings.map((f) => f.line)).toEqual([2]);
  });

  it('a file that becomes a symlink in git (tracked symlink) is not followed', async () => {
    const root = tmp('scan-gl-link-');
    git(root, 'init', '-q');
    writeFileSync(join(root, 'target.txt'), `T=${ghp().secret}\n`);
    symlinkSync('/etc/hostname', join(root, 'link'));
    git(root, 'add', 'link');
    git(root, 'commit', '-q', '-m', 'x');
    const r = await scanTree({ root, staticAllowed: [] });
    expect(r.findings).toEqual([]);
    expect(r.skipped!.counts.symlink).toBe(1);
  });
});
