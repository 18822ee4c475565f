import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, tempDir } from '../helpers/spawn.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

describe('check-dist', () => {
  it('the committed dist/ is exactly what a fresh build produces', () => {
    const out = join(tempDir('cic-dist-'), 'dist');
    execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), out], { cwd: ROOT, stdio: 'pipe' });
    const fresh = files(out).map((f) => relative(out, f)).sort();
    const committed = files(join(ROOT, 'dist')).map((f) => relative(join(ROOT, 'dist'), f)).sort();
    expect(committed).toEqual(fresh);
    const differing = fresh.filter((f) => !readFileSync(join(out, f)).equals(readFileSync(join(ROOT, 'dist', f))));
    expect(differing).toEqual([]);
  }, 240_000);

  it('keeps every bundle file under 1 MB', () => {
    for (const f of files(join(ROOT, 'dist'))) expect([relative(ROOT, f), statSync(f).size < 1024 * 1024]).toEqual([relative(ROOT, f), true]);
  });
});
