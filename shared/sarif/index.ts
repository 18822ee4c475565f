import { BaselineIndex } from './baseline.js';
import { SarifCounter, type BaselineSummary, type CountPolicy, type Finding, type ToolSummary, type WaiverUse } from './count.js';
import { SarifError, type SarifErrorCode, type SarifProblem } from './errors.js';
import { normalisePath } from './match.js';
import { readSarifFile, type FileSummary } from './read.js';
import type { ScanOptions } from './stream.js';

export { SarifError } from './errors.js';
export type { CountPolicy, Counts, Finding, ToolSummary, WaiverUse, BaselineSummary, WaiverSpec, GlobFilter } from './count.js';
export { expandSarifInputs, splitList } from './files.js';
export { readSarifFile, readSarifText } from './read.js';

export interface InvalidSarif {
  file: string;
  code: SarifErrorCode;
  problems: SarifProblem[];
  role: 'scan' | 'baseline';
}

/** Everything the gate's rules judge about the SARIF inputs. Plain data: goes into the JSON report. */
export interface SarifFacts {
  files: FileSummary[];
  invalid: InvalidSarif[];
  tools: ToolSummary[];
  totals: ToolSummary;
  /** Samples (bounded): counted first, most severe first. */
  findings: Finding[];
  waivers: WaiverUse[];
  /** new / unchanged from the baseline file and `baselineState`; fixed = baseline findings not seen + `absent` results. */
  baseline: BaselineSummary & { used: boolean };
  /** Newest `invocations[].endTimeUtc` (else `startTimeUtc`) over all files, ISO 8601. */
  newestAnalysis?: string;
}

export interface AnalyzeOptions {
  files: string[];
  baselineFiles?: string[];
  policy: CountPolicy;
  now: Date;
  /** Repository root: stripped from absolute artifact URIs; files are named relative to it. */
  workspace?: string;
  scan?: ScanOptions;
}

function invalid(err: unknown, file: string, role: InvalidSarif['role']): InvalidSarif {
  if (err instanceof SarifError) return { file, code: err.sarifCode, problems: err.problems, role };
  return { file, code: 'sarif-io', problems: [{ path: '$', message: (err as Error).message }], role };
}

export async function analyzeSarif(opts: AnalyzeOptions): Promise<SarifFacts> {
  const name = (abs: string) => (opts.workspace && abs.startsWith(`${opts.workspace}/`) ? abs.slice(opts.workspace.length + 1) : abs);
  const invalids: InvalidSarif[] = [];
  let baseline: BaselineIndex | undefined;
  if (opts.baselineFiles && opts.baselineFiles.length > 0) {
    baseline = new BaselineIndex();
    for (const abs of opts.baselineFiles) {
      const file = name(abs);
      const artifacts = new Map<number, (string | undefined)[]>();
      try {
        await readSarifFile(
          abs,
          {
            artifacts: (run, uris) => void artifacts.set(run, uris),
            result: (run, _i, f) => {
              if (f.kind !== 'fail' || f.baselineState === 'absent') return;
              const uri = f.uri ?? (f.artifactIndex !== undefined ? artifacts.get(run)?.[f.artifactIndex] : undefined);
              baseline!.add(f, uri === undefined ? undefined : normalisePath(uri, opts.workspace));
            },
          },
          opts.scan,
        );
        baseline.files.push(file);
      } catch (err) {
        invalids.push(invalid(err, file, 'baseline'));
      }
    }
  }
  const counter = new SarifCounter(opts.policy, opts.now, { workspace: opts.workspace, baseline });
  const files: FileSummary[] = [];
  for (const abs of opts.files) {
    const file = name(abs);
    try {
      const summary = await readSarifFile(
        abs,
        {
          tool: (run, t) => counter.setTool(file, run, t),
          invocations: (run, inv) => counter.setInvocations(file, run, inv),
          artifacts: (run, uris) => counter.setArtifacts(file, run, uris),
          result: (run, _i, f) => counter.result(file, run, f),
          runEnd: (run) => void counter.endRun(file, run),
        },
        opts.scan,
      );
      files.push({ ...summary, file });
    } catch (err) {
      invalids.push(invalid(err, file, 'scan'));
      counter.discardFile(file);
    }
  }
  const s = counter.summary();
  const facts: SarifFacts = {
    files,
    invalid: invalids,
    tools: s.tools,
    totals: s.totals,
    findings: s.findings,
    waivers: s.waivers,
    baseline: {
      used: baseline !== undefined,
      files: baseline?.files ?? [],
      findings: baseline?.size ?? 0,
      new: s.baseline.new,
      unchanged: s.baseline.unchanged,
      fixed: (baseline?.unmatched() ?? 0) + s.baseline.absent,
    },
  };
  if (counter.newestAnalysis !== undefined) facts.newestAnalysis = new Date(counter.newestAnalysis).toISOString();
  return facts;
}
