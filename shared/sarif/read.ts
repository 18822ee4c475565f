import { createReadStream } from 'node:fs';
import { SarifError, type SarifErrorCode } from './errors.js';
import { artifactUris, invocationFacts, Problems, resultFacts, toolFacts, type ResultFacts, type ToolFacts, type InvocationFacts } from './model.js';
import { SarifScanner, typeName, type ScanOptions } from './stream.js';

/** What a reader hands on, run by run. Results may come before `tool` (Semgrep, zizmor sort keys). */
export interface SarifSink {
  tool?(run: number, tool: ToolFacts): void;
  invocations?(run: number, inv: InvocationFacts[]): void;
  artifacts?(run: number, uris: (string | undefined)[]): void;
  result?(run: number, index: number, facts: ResultFacts): void;
  /** The run ended with a valid tool; false from the sink means "tool missing". */
  runEnd?(run: number): void;
}

export interface FileSummary {
  file: string;
  bytes: number;
  runs: number;
  results: number;
  tools: string[];
}

export const READ_CHUNK = 1024 * 1024;

/**
 * Builds scanner handlers that validate SARIF 2.1.0 shape while streaming and pass normalised
 * facts to the sink. Throws SarifError (naming the file and JSON paths) when the document is
 * invalid; collects up to 20 problems before giving up.
 */
export class SarifValidator {
  readonly problems = new Problems(20);
  private version: unknown = undefined;
  private sawRuns = false;
  private runTool = new Map<number, boolean>();
  readonly summary: FileSummary;
  readonly scanner: SarifScanner;

  constructor(
    readonly file: string,
    private readonly sink: SarifSink,
    options: ScanOptions = {},
  ) {
    this.summary = { file, bytes: 0, runs: 0, results: 0, tools: [] };
    this.scanner = new SarifScanner(file, {
      rootProperty: (key, value) => {
        if (key === 'version') {
          this.version = value;
          this.checkVersion();
        }
      },
      runsNull: () => {
        this.sawRuns = true;
      },
      runsStart: () => {
        this.sawRuns = true;
      },
      runStart: (run) => {
        this.sawRuns = true;
        this.summary.runs++;
        this.runTool.set(run, false);
      },
      runProperty: (run, key, value) => {
        const path = `runs[${run}].${key}`;
        if (key === 'tool') {
          const t = toolFacts(value, path, this.problems);
          if (t) {
            this.runTool.set(run, true);
            if (!this.summary.tools.includes(t.driver.name)) this.summary.tools.push(t.driver.name);
            this.sink.tool?.(run, t);
          }
        } else if (key === 'invocations') {
          const inv = invocationFacts(value, path, this.problems);
          this.sink.invocations?.(run, inv);
        } else if (key === 'artifacts') {
          this.sink.artifacts?.(run, artifactUris(value, path, this.problems));
        }
        this.check();
      },
      result: (run, index, value) => {
        this.summary.results++;
        const f = resultFacts(value, `runs[${run}].results[${index}]`, this.problems);
        if (f) this.sink.result?.(run, index, f);
        this.check();
      },
      runEnd: (run) => {
        if (!this.runTool.get(run)) {
          if (!this.problems.list.some((p) => p.path.startsWith(`runs[${run}].tool`))) this.problems.add(`runs[${run}].tool`, 'is required');
        } else if (this.problems.list.length === 0) this.sink.runEnd?.(run);
        this.check();
      },
    }, options);
  }

  private checkVersion(): void {
    if (this.version !== '2.1.0') {
      const seen = typeof this.version === 'string' ? `"${this.version}"` : typeName(this.version);
      throw new SarifError('sarif-version', this.file, [{ path: 'version', message: `must be "2.1.0", found ${seen}; only SARIF 2.1.0 is supported` }]);
    }
  }

  private check(): void {
    if (this.problems.full) this.throwProblems();
  }

  private throwProblems(code: SarifErrorCode = 'sarif-shape'): never {
    throw new SarifError(code, this.file, this.problems.list);
  }

  write(chunk: Buffer): void {
    this.summary.bytes += chunk.length;
    this.scanner.write(chunk);
  }

  end(): FileSummary {
    this.scanner.end();
    if (this.version === undefined) throw new SarifError('sarif-version', this.file, [{ path: 'version', message: 'is required (SARIF 2.1.0 documents have "version": "2.1.0")' }]);
    if (!this.sawRuns) this.problems.add('runs', 'is required');
    if (this.problems.list.length > 0) this.throwProblems();
    return this.summary;
  }
}

/** Stream one SARIF file through the validator. I/O errors become SarifError('sarif-io'). */
export async function readSarifFile(file: string, sink: SarifSink, options: ScanOptions = {}): Promise<FileSummary> {
  const v = new SarifValidator(file, sink, options);
  let stream;
  try {
    stream = createReadStream(file, { highWaterMark: READ_CHUNK });
    for await (const chunk of stream) v.write(chunk as Buffer);
  } catch (err) {
    stream?.destroy();
    if (err instanceof SarifError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new SarifError('sarif-io', file, [{ path: '$', message: `cannot be read: ${e.code ?? e.message}` }], { cause: err });
  }
  return v.end();
}

/** Validate a whole document held in memory (tests, small inputs). */
export function readSarifText(file: string, text: string | Buffer, sink: SarifSink = {}, chunkSize = READ_CHUNK): FileSummary {
  const v = new SarifValidator(file, sink);
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  for (let i = 0; i < buf.length; i += chunkSize) v.write(buf.subarray(i, i + chunkSize));
  return v.end();
}
