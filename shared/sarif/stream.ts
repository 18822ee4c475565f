import { SarifError, type SarifErrorCode } from './errors.js';

/**
 * A streaming scanner for SARIF documents.
 *
 * SARIF files are dominated by one array (`runs[].results`), so the scanner walks the document's
 * outer structure itself — the root object, the `runs` array, each run object and its `results`
 * array — byte by byte, and hands every other value (each result, `tool`, `invocations`, ...) to
 * `JSON.parse` one value at a time. Memory is bounded by the largest single value (capped at
 * `maxValueBytes`), never by the file, and every byte is still checked as JSON: the outer structure
 * by this state machine, everything inside it by `JSON.parse`.
 *
 * The scanner is push-based (`write(chunk)` then `end()`), so callers can feed it from a file
 * stream, a network body or a test, chunk by chunk.
 */
export interface ScanHandlers {
  /** A property of the root object other than `runs` (e.g. `version`, `$schema`), parsed. */
  rootProperty?(key: string, value: unknown): void;
  /** `runs` was `null` (allowed by the schema; means no runs). */
  runsNull?(): void;
  /** The `runs` array opened. */
  runsStart?(): void;
  runStart?(run: number): void;
  /** A property of a run other than `results`, parsed (e.g. `tool`, `invocations`, `artifacts`). */
  runProperty?(run: number, key: string, value: unknown): void;
  /** One element of `runs[run].results`, parsed. */
  result?(run: number, index: number, value: unknown): void;
  runEnd?(run: number): void;
}

export interface ScanOptions {
  /** Largest single JSON value (one result, one `tool` object, ...) accepted, in bytes. */
  maxValueBytes?: number;
  /** Deepest nesting accepted inside one value. */
  maxDepth?: number;
}

export const DEFAULT_MAX_VALUE_BYTES = 256 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 256;

const enum S {
  Start,
  ObjKeyOrEnd,
  ObjKey,
  ObjColon,
  ObjValue,
  ObjCommaOrEnd,
  ArrValueOrEnd,
  ArrValue,
  ArrCommaOrEnd,
  Done,
}

type FrameKind = 'root' | 'runs' | 'run' | 'results';
interface Frame {
  kind: FrameKind;
  /** Element count (arrays) so far. */
  index: number;
  /** The key being read / last key (objects). */
  key: string;
}

type CaptureMode = 'nested' | 'primitive';
interface Capture {
  mode: CaptureMode;
  depth: number;
  inStr: boolean;
  esc: boolean;
  parts: Buffer[];
  size: number;
  start: number;
  done: (text: string) => void;
}

const WS = new Uint8Array(256);
WS[0x20] = WS[0x09] = WS[0x0a] = WS[0x0d] = 1;
const PRIM_END = new Uint8Array(256);
PRIM_END[0x2c] = PRIM_END[0x7d] = PRIM_END[0x5d] = PRIM_END[0x20] = PRIM_END[0x09] = PRIM_END[0x0a] = PRIM_END[0x0d] = 1;

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function keyPath(base: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

export class SarifScanner {
  private state: S = S.Start;
  private readonly stack: Frame[] = [];
  private cap: Capture | null = null;
  /** Absolute offset of the current chunk's first byte. */
  private offset = 0;
  private runIndex = -1;
  private readonly maxValueBytes: number;
  private readonly maxDepth: number;
  /** Chunks fed so far (tests use this to prove the scanner streams). */
  chunks = 0;

  constructor(
    private readonly file: string,
    private readonly handlers: ScanHandlers,
    options: ScanOptions = {},
  ) {
    this.maxValueBytes = options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES;
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  }

  /** Bytes held for the value being read (never more than one value). */
  bufferedBytes(): number {
    return this.cap?.size ?? 0;
  }

  /** Current JSON path (for errors). */
  path(): string {
    let p = '$';
    for (const f of this.stack) {
      if (f.kind === 'root') {
        if (f.key) p = keyPath('', f.key).replace(/^\./, '');
      } else if (f.kind === 'runs') {
        p = `runs[${f.index}]`;
      } else if (f.kind === 'run') {
        if (f.key) p = keyPath(p, f.key);
      } else {
        p = `${p}[${f.index}]`;
      }
    }
    return p;
  }

  private fail(code: SarifErrorCode, message: string, path = this.path()): never {
    throw new SarifError(code, this.file, [{ path, message }]);
  }

  write(buf: Buffer): void {
    this.chunks++;
    const n = buf.length;
    let i = 0;
    let bs = -1; // cached position of the next backslash in this chunk (n = none)
    while (i < n) {
      if (this.cap !== null) {
        const cap: Capture = this.cap;
        const from = i;
        if (cap.mode === 'primitive') {
          while (i < n && PRIM_END[buf[i]!] === 0) i++;
          this.grow(cap, buf, from, i, i < n);
          continue;
        }
        // Nested value (object, array or string): count brackets outside strings.
        let depth = cap.depth;
        let inStr = cap.inStr;
        let ended = false;
        if (cap.esc) {
          cap.esc = false;
          i++;
        }
        outer: while (i < n) {
          if (inStr) {
            let q = buf.indexOf(0x22, i);
            if (q < 0) q = n;
            if (bs < i) {
              bs = buf.indexOf(0x5c, i);
              if (bs < 0) bs = n;
            }
            if (bs < q) {
              i = bs + 2;
              if (i > n) {
                cap.esc = true;
                i = n;
              }
              continue;
            }
            if (q === n) {
              i = n;
              break;
            }
            inStr = false;
            i = q + 1;
            if (depth === 0) {
              ended = true;
              break;
            }
            continue;
          }
          while (i < n) {
            const c = buf[i++]!;
            if (c === 0x22) {
              inStr = true;
              continue outer;
            }
            if (c === 0x7b || c === 0x5b) {
              if (++depth > this.maxDepth) {
                this.fail('sarif-too-deep', `nesting deeper than ${this.maxDepth} levels (byte ${this.offset + i - 1})`);
              }
            } else if (c === 0x7d || c === 0x5d) {
              if (--depth <= 0) {
                ended = true;
                break outer;
              }
            }
          }
        }
        cap.depth = depth;
        cap.inStr = inStr;
        this.grow(cap, buf, from, i, ended);
        continue;
      }
      // Outer structure.
      const c = buf[i]!;
      if (WS[c] === 1) {
        i++;
        continue;
      }
      i = this.structural(c, buf, i);
    }
    this.offset += n;
  }

  /** Account for bytes [from, to) of a capture; finish it when it ended, else keep a copy of the tail. */
  private grow(cap: Capture, buf: Buffer, from: number, to: number, ended: boolean): void {
    cap.size += to - from;
    if (cap.size > this.maxValueBytes) {
      this.fail('sarif-too-large', `one JSON value is larger than ${this.maxValueBytes} bytes (starts at byte ${cap.start}); split the SARIF file`);
    }
    if (!ended) {
      // A copy: the source may reuse its chunk buffers, and a slice would pin the whole chunk.
      if (to > from) cap.parts.push(Buffer.from(buf.subarray(from, to)));
      return;
    }
    this.cap = null;
    let text: string;
    if (cap.parts.length === 0) text = buf.toString('utf8', from, to);
    else {
      if (to > from) cap.parts.push(buf.subarray(from, to));
      text = Buffer.concat(cap.parts).toString('utf8');
    }
    cap.done(text);
  }

  private startCapture(buf: Buffer, i: number, done: (value: unknown) => void): void {
    const c = buf[i]!;
    const mode: CaptureMode = c === 0x7b || c === 0x5b || c === 0x22 ? 'nested' : 'primitive';
    const start = this.offset + i;
    this.cap = {
      mode,
      depth: 0,
      inStr: false,
      esc: false,
      parts: [],
      size: 0,
      start,
      done: (text) => {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (err) {
          this.fail('sarif-syntax', `invalid JSON in the value starting at byte ${start}: ${(err as Error).message}`);
        }
        done(value);
      },
    };
  }

  private top(): Frame {
    return this.stack[this.stack.length - 1]!;
  }

  /** Handle one non-whitespace byte of the outer structure; returns the next index. */
  private structural(c: number, buf: Buffer, i: number): number {
    switch (this.state) {
      case S.Start:
        if (this.offset + i < 3 && (c === 0xef || c === 0xbb || c === 0xbf)) return i + 1; // UTF-8 BOM
        if (c !== 0x7b) this.unexpected(c, i, 'the document must be a JSON object');
        this.stack.push({ kind: 'root', index: 0, key: '' });
        this.state = S.ObjKeyOrEnd;
        return i + 1;
      case S.ObjKeyOrEnd:
      case S.ObjKey:
        if (c === 0x7d && this.state === S.ObjKeyOrEnd) return this.closeObject(i);
        if (c !== 0x22) this.unexpected(c, i, 'expected a property name');
        this.startCapture(buf, i, (key) => {
          this.top().key = key as string;
          this.state = S.ObjColon;
        });
        return i;
      case S.ObjColon:
        if (c !== 0x3a) this.unexpected(c, i, 'expected ":"');
        this.state = S.ObjValue;
        return i + 1;
      case S.ObjValue:
        return this.objectValue(c, buf, i);
      case S.ObjCommaOrEnd:
        if (c === 0x2c) {
          this.state = S.ObjKey;
          return i + 1;
        }
        if (c === 0x7d) return this.closeObject(i);
        return this.unexpected(c, i, 'expected "," or "}"');
      case S.ArrValueOrEnd:
      case S.ArrValue:
        if (c === 0x5d && this.state === S.ArrValueOrEnd) return this.closeArray(i);
        return this.arrayValue(c, buf, i);
      case S.ArrCommaOrEnd:
        if (c === 0x2c) {
          this.top().index++;
          this.state = S.ArrValue;
          return i + 1;
        }
        if (c === 0x5d) return this.closeArray(i);
        return this.unexpected(c, i, 'expected "," or "]"');
      case S.Done:
        return this.unexpected(c, i, 'data after the end of the document');
    }
  }

  private unexpected(c: number, i: number, what: string): never {
    const ch = c >= 0x20 && c < 0x7f ? JSON.stringify(String.fromCharCode(c)) : `byte 0x${c.toString(16).padStart(2, '0')}`;
    this.fail('sarif-syntax', `${what}, found ${ch} at byte ${this.offset + i}`);
  }

  private objectValue(c: number, buf: Buffer, i: number): number {
    const frame = this.top();
    const key = frame.key;
    const afterValue = () => {
      this.state = S.ObjCommaOrEnd;
    };
    if (frame.kind === 'root' && key === 'runs') {
      if (c === 0x5b) {
        this.stack.push({ kind: 'runs', index: 0, key: '' });
        this.handlers.runsStart?.();
        this.state = S.ArrValueOrEnd;
        return i + 1;
      }
      this.startCapture(buf, i, (v) => {
        if (v !== null) this.fail('sarif-shape', `runs must be an array, found ${typeName(v)}`);
        this.handlers.runsNull?.();
        afterValue();
      });
      return i;
    }
    if (frame.kind === 'run' && key === 'results') {
      if (c === 0x5b) {
        this.stack.push({ kind: 'results', index: 0, key: '' });
        this.state = S.ArrValueOrEnd;
        return i + 1;
      }
      this.startCapture(buf, i, (v) => this.fail('sarif-shape', `results must be an array, found ${typeName(v)}`));
      return i;
    }
    if (frame.kind === 'root') {
      this.startCapture(buf, i, (v) => {
        this.handlers.rootProperty?.(key, v);
        afterValue();
      });
      return i;
    }
    // run property
    const run = this.runIndex;
    this.startCapture(buf, i, (v) => {
      this.handlers.runProperty?.(run, key, v);
      afterValue();
    });
    return i;
  }

  private arrayValue(c: number, buf: Buffer, i: number): number {
    const frame = this.top();
    if (frame.kind === 'runs') {
      if (c === 0x7b) {
        this.runIndex++;
        this.stack.push({ kind: 'run', index: 0, key: '' });
        this.handlers.runStart?.(this.runIndex);
        this.state = S.ObjKeyOrEnd;
        return i + 1;
      }
      this.startCapture(buf, i, (v) => this.fail('sarif-shape', `a run must be an object, found ${typeName(v)}`));
      return i;
    }
    // results element
    const run = this.runIndex;
    const index = frame.index;
    this.startCapture(buf, i, (v) => {
      this.handlers.result?.(run, index, v);
      this.state = S.ArrCommaOrEnd;
    });
    return i;
  }

  private closeObject(i: number): number {
    const frame = this.stack.pop()!;
    if (frame.kind === 'run') {
      this.handlers.runEnd?.(this.runIndex);
      this.state = S.ArrCommaOrEnd;
    } else {
      this.state = S.Done;
    }
    return i + 1;
  }

  private closeArray(i: number): number {
    this.stack.pop();
    this.state = S.ObjCommaOrEnd;
    return i + 1;
  }

  /** Call after the last chunk: a document that is not complete is truncated. */
  end(): void {
    if (this.state !== S.Done) {
      if (this.state === S.Start) this.fail('sarif-syntax', 'the file is empty', '$');
      this.fail('sarif-syntax', `unexpected end of file at byte ${this.offset} (truncated?)`);
    }
  }
}
