import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DIST, ROOT } from '../helpers/spawn.js';

/**
 * The bundle writes standard output straight to fd 1 (shared/platform/stdio.ts). These runs give
 * it the descriptors a parent might: a non-blocking pipe too small for the output (EAGAIN part
 * way, then the stream must carry the rest, in order) and a pipe whose reader is gone (EPIPE).
 * Python sets the pipes up; the CLI's `policy schema` output (~36 KB) is the payload.
 */
const CLI = join(DIST, 'cli.js');
const expected = spawnSync(process.execPath, [CLI, 'policy', 'schema'], { cwd: ROOT, encoding: 'utf8' }).stdout;

function python(script: string): { out: Record<string, unknown>; stderr: string } {
  const r = spawnSync('python3', ['-c', script, process.execPath, CLI], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`python harness failed: ${r.stderr}`);
  return { out: JSON.parse(r.stdout) as Record<string, unknown>, stderr: r.stderr };
}

describe('standard output written to the descriptor', () => {
  it('a 36 KB schema is complete and valid JSON through an ordinary pipe', () => {
    expect(expected.length).toBeGreaterThan(30_000);
    expect(() => JSON.parse(expected)).not.toThrow();
  });

  it('a non-blocking 4 KiB pipe that fills (EAGAIN): every byte arrives, in order', () => {
    const { out } = python(`
import fcntl, json, os, subprocess, sys, time
node, cli = sys.argv[1], sys.argv[2]
r, w = os.pipe()
fcntl.fcntl(w, 1031, 4096)  # F_SETPIPE_SZ: a pipe far smaller than the output
os.set_blocking(w, False)
p = subprocess.Popen([node, cli, 'policy', 'schema'], stdout=w, stderr=subprocess.PIPE)
os.close(w)
time.sleep(0.5)  # the child fills the pipe and meets EAGAIN before anything is read
data = b''
while True:
    chunk = os.read(r, 65536)
    if not chunk: break
    data += chunk
err = p.stderr.read().decode()
print(json.dumps({'status': p.wait(), 'stdout': data.decode(), 'stderr': err}))
`);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.stdout).toBe(expected);
  });

  it('a reader that is gone (EPIPE): the run ends normally, no stack trace', () => {
    const { out } = python(`
import json, os, subprocess, sys
node, cli = sys.argv[1], sys.argv[2]
r, w = os.pipe()
os.close(r)
p = subprocess.Popen([node, cli, 'policy', 'schema'], stdout=w, stderr=subprocess.PIPE)
os.close(w)
err = p.stderr.read().decode()
print(json.dumps({'status': p.wait(), 'stderr': err}))
`);
    expect(out).toEqual({ status: 0, stderr: '' });
  });
});
