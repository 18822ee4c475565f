import { writeSync } from 'node:fs';

/**
 * Standard output and error written straight to their file descriptors. process.stdout/stderr
 * load Node's stream stack (~2 ms of a ~100 ms cold start) to print a few lines, and on Linux and
 * macOS they write files and pipes synchronously anyway. Windows consoles, and a descriptor left
 * non-blocking by the parent (EAGAIN), go through the streams; once a stream is used for a
 * descriptor, every later write to it is too, so the order holds. A reader that went away (EPIPE)
 * ends the output silently, as it would for `| head`.
 */
const useStream: Record<1 | 2, boolean> = { 1: process.platform === 'win32', 2: process.platform === 'win32' };
const closed: Record<1 | 2, boolean> = { 1: false, 2: false };

export function writeStd(fd: 1 | 2, text: string): void {
  if (closed[fd]) return;
  let rest: Buffer | string = text;
  if (!useStream[fd]) {
    let buf = Buffer.from(text, 'utf8');
    try {
      while (buf.length > 0) buf = buf.subarray(writeSync(fd, buf));
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') {
        closed[fd] = true;
        return;
      }
      if (code !== 'EAGAIN') throw err;
      useStream[fd] = true;
      rest = buf;
    }
  }
  (fd === 1 ? process.stdout : process.stderr).write(rest);
}

/** Whether standard output is a terminal (loads node:tty, ~3 ms: only the local CLI asks). */
export function stdoutIsTerminal(): boolean {
  return process.stdout.isTTY === true;
}
