import { BaselineIndex } from './baseline.js';
import { globMatcher, normalisePath, passes, matchesAny, waiverState } from './match.js';
import { band, sha256, type Band, type InvocationFacts, type Level, type ResultFacts, type RuleRef, type ToolFacts } from './model.js';
import { RuleResolver } from './resolve.js';

/** What decides which findings count (from the policy's `gate.sarif` and `gate.waivers`). */
export interface GlobFilter {
  include?: string[] | undefined;
  exclude?: string[] | undefined;
}
export interface WaiverSpec {
  rule: string;
  path?: string | undefined;
  until: string;
  reason: string;
}
export interface CountPolicy {
  rules?: GlobFilter | undefined;
  paths?: GlobFilter | undefined;
  tools?: Record<string, { rules?: GlobFilter | undefined; paths?: GlobFilter | undefined }> | undefined;
  /** Count results with accepted suppressions (default: they do not count). */
  countSuppressed?: boolean;
  /** Results whose `baselineState` is unchanged/updated are pre-existing (default true). */
  honorBaselineState?: boolean;
  waivers?: WaiverSpec[] | undefined;
}

export interface Counts {
  error: number;
  warning: number;
  note: number;
  none: number;
  critical: number;
  high: number;
  medium: number;
  low: number;
  total: number;
}
export const emptyCounts = (): Counts => ({ error: 0, warning: 0, note: 0, none: 0, critical: 0, high: 0, medium: 0, low: 0, total: 0 });

export interface ToolSummary {
  tool: string;
  runs: number;
  /** Every result read, whatever its kind or state. */
  results: number;
  /** The findings the thresholds judge. */
  counted: Counts;
  waived: number;
  suppressed: number;
  excluded: number;
  /** `kind` other than `fail` (pass, open, review, ...): never counted. */
  notFailing: number;
  /** Pre-existing (in the baseline, or `baselineState` unchanged/updated) and so not counted. */
  existing: number;
  /** Results with `baselineState: absent`: gone since the baseline. */
  absent: number;
  /** How each level was decided (explicit, rule-default, override, spec-default, kind). */
  levelSource: Record<string, number>;
}

export type FindingStatus = 'counted' | 'existing' | 'waived' | 'suppressed' | 'excluded';
export interface Finding {
  tool: string;
  rule: string;
  ruleName?: string;
  level: Level;
  band?: Band;
  securitySeverity?: number;
  path?: string;
  line?: number;
  message: string;
  fingerprint: string;
  status: FindingStatus;
  /** Index into `gate.waivers` for waived findings. */
  waiver?: number;
  sarifFile: string;
}

export interface WaiverUse {
  index: number;
  /** Findings the waiver took out of the count. */
  matched: number;
  /** Findings an expired waiver would have covered (they count again). */
  expiredMatched: number;
}

export interface BaselineSummary {
  files: string[];
  findings: number;
  new: number;
  unchanged: number;
  fixed: number;
}

interface Sample {
  path?: string;
  line?: number;
  message: string;
  fingerprint: string;
}
interface Group {
  ref: RuleRef;
  ruleKey: string;
  level?: Level;
  suppressed: boolean;
  pre: boolean;
  mask: string;
  count: number;
  samples: Sample[];
}

interface RunState {
  file: string;
  run: number;
  tool?: ToolFacts;
  invocations: InvocationFacts[];
  artifacts?: (string | undefined)[];
  groups: Map<string, Group>;
  results: number;
  notFailing: number;
  absent: number;
}

const RANK_BAND: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1 };
const RANK_LEVEL: Record<string, number> = { error: 3, warning: 2, note: 1, none: 0 };
export const severityRank = (f: { band?: Band | undefined; level: Level }) => (RANK_BAND[f.band ?? ''] ?? 0) * 10 + (RANK_LEVEL[f.level] ?? 0);

/**
 * Counts findings over any number of runs, in bounded memory. Results are grouped by what their
 * classification depends on (rule reference, explicit level, suppression, baseline state and which
 * path globs match), because the rule metadata they need (`tool`, `invocations`) may come after the
 * results in a run. A run is resolved when it ends; only a bounded number of sample findings per
 * group is kept for reports.
 */
export class SarifCounter {
  private readonly runs = new Map<string, RunState>();
  private readonly tools = new Map<string, ToolSummary>();
  private readonly findings: Finding[] = [];
  private budget: number;
  readonly waiverUse: WaiverUse[];
  private readonly activeWaiver: boolean[];
  /** Path predicates whose results are part of a group's key. */
  private readonly predicates: ((path: string) => boolean)[] = [];
  private readonly waiverBit: (number | undefined)[] = [];
  private readonly pathCache = new Map<string, string>();
  private readonly toolPathBits = new Map<string, number>();
  private newCount = 0;
  private unchangedCount = 0;
  private absentCount = 0;
  newestAnalysis: number | undefined;

  constructor(
    private readonly policy: CountPolicy,
    private readonly now: Date,
    private readonly options: { workspace?: string | undefined; baseline?: BaselineIndex | undefined; samplesPerGroup?: number; sampleBudget?: number } = {},
  ) {
    this.budget = options.sampleBudget ?? 10_000;
    const waivers = policy.waivers ?? [];
    this.waiverUse = waivers.map((_, index) => ({ index, matched: 0, expiredMatched: 0 }));
    this.activeWaiver = waivers.map((w) => waiverState(w.until, now).state !== 'expired');
    const paths = policy.paths;
    this.predicates.push((p) => passes(paths, p));
    for (const [name, t] of Object.entries(policy.tools ?? {})) {
      if (t.paths) {
        this.toolPathBits.set(name, this.predicates.length);
        const f = t.paths;
        this.predicates.push((p) => passes(f, p));
      }
    }
    for (const w of waivers) {
      if (w.path === undefined) this.waiverBit.push(undefined);
      else {
        this.waiverBit.push(this.predicates.length);
        const m = globMatcher(w.path);
        this.predicates.push((p) => m(p));
      }
    }
  }

  private mask(path: string | undefined): string {
    // "u" = path unknown: include/exclude cannot exclude it, and path waivers do not cover it.
    if (path === undefined) return 'u';
    let m = this.pathCache.get(path);
    if (m === undefined) {
      m = '';
      for (const pr of this.predicates) m += pr(path) ? '1' : '0';
      if (this.pathCache.size > 50_000) this.pathCache.clear();
      this.pathCache.set(path, m);
    }
    return m;
  }

  private last: RunState | undefined;
  private state(file: string, run: number): RunState {
    const l = this.last;
    if (l !== undefined && l.run === run && l.file === file) return l;
    const key = `${file}\u0000${run}`;
    let s = this.runs.get(key);
    if (!s) {
      s = { file, run, invocations: [], groups: new Map(), results: 0, notFailing: 0, absent: 0 };
      this.runs.set(key, s);
    }
    this.last = s;
    return s;
  }

  setTool(file: string, run: number, tool: ToolFacts): void {
    this.state(file, run).tool = tool;
  }
  setInvocations(file: string, run: number, inv: InvocationFacts[]): void {
    const s = this.state(file, run);
    s.invocations = inv;
    for (const i of inv) if (i.time !== undefined && (this.newestAnalysis === undefined || i.time > this.newestAnalysis)) this.newestAnalysis = i.time;
  }
  setArtifacts(file: string, run: number, uris: (string | undefined)[]): void {
    this.state(file, run).artifacts = uris;
  }

  private path(s: RunState, f: ResultFacts): string | undefined {
    const uri = f.uri ?? (f.artifactIndex !== undefined ? s.artifacts?.[f.artifactIndex] : undefined);
    return uri === undefined ? undefined : normalisePath(uri, this.options.workspace);
  }

  result(file: string, run: number, f: ResultFacts): void {
    const s = this.state(file, run);
    s.results++;
    if (f.baselineState === 'absent') {
      s.absent++;
      return;
    }
    if (f.kind !== 'fail') {
      s.notFailing++;
      return;
    }
    const path = this.path(s, f);
    let pre = (this.policy.honorBaselineState ?? true) && (f.baselineState === 'unchanged' || f.baselineState === 'updated');
    if (this.options.baseline && this.options.baseline.match(f, path)) pre = true;
    const mask = this.mask(path);
    const r = f.rule;
    const key = `${r.id ?? ''}\u0001${r.index ?? ''}\u0001${r.guid ?? ''}\u0001${r.component ? JSON.stringify(r.component) : ''}\u0001${f.level ?? ''}\u0001${f.suppressed ? 1 : 0}${pre ? 1 : 0}\u0001${mask}`;
    let g = s.groups.get(key);
    if (!g) {
      g = { ref: r, ruleKey: f.ruleKey, suppressed: f.suppressed, pre, mask, count: 0, samples: [] };
      if (f.level !== undefined) g.level = f.level;
      s.groups.set(key, g);
    }
    g.count++;
    if (g.samples.length < (this.options.samplesPerGroup ?? 20) || this.budget > 0) {
      if (g.samples.length >= (this.options.samplesPerGroup ?? 20)) this.budget--;
      const sample: Sample = {
        message: f.message,
        fingerprint: sha256(`${f.ruleKey}\u0000${path ?? ''}\u0000${f.regionKey}\u0000${f.fingerprints.join('\u0000')}\u0000${g.count}`).slice(0, 32),
      };
      if (path !== undefined) sample.path = path;
      if (f.line !== undefined) sample.line = f.line;
      g.samples.push(sample);
    }
  }

  /**
   * Resolve a run once it has ended. Returns false (and counts nothing) when the run has no valid
   * `tool` — the caller reports that as invalid SARIF.
   */
  endRun(file: string, run: number): boolean {
    const key = `${file}\u0000${run}`;
    const s = this.runs.get(key);
    if (!s || !s.tool) return false;
    this.runs.delete(key);
    this.last = undefined;
    const toolName = s.tool.driver.name;
    const t = this.toolSummary(toolName);
    t.runs++;
    t.results += s.results;
    t.notFailing += s.notFailing;
    t.absent += s.absent;
    this.absentCount += s.absent;
    const resolver = new RuleResolver(s.tool, s.invocations);
    const toolPolicy = this.policy.tools?.[toolName];
    const toolBit = this.toolPathBits.get(toolName);
    for (const g of s.groups.values()) {
      const res = resolver.resolve(g.ref, g.level, 'fail');
      t.levelSource[res.levelSource] = (t.levelSource[res.levelSource] ?? 0) + g.count;
      const ruleId = res.rule?.id || g.ruleKey;
      const b = band(res.rule?.securitySeverity);
      const known = g.mask !== 'u';
      const pathOk = !known || (g.mask[0] === '1' && (toolBit === undefined || g.mask[toolBit] === '1'));
      const ruleOk = passes(this.policy.rules, ruleId) && passes(toolPolicy?.rules, ruleId);
      let status: FindingStatus;
      let waiver: number | undefined;
      if (!pathOk || !ruleOk) status = 'excluded';
      else {
        if (g.pre) this.unchangedCount += g.count;
        else this.newCount += g.count;
        // Which waivers cover this group: the rule matches and, if the waiver names a path, so does the path.
        const waivers = this.policy.waivers ?? [];
        for (let i = 0; i < waivers.length; i++) {
          const w = waivers[i]!;
          const bit = this.waiverBit[i];
          if (!matchesAny([w.rule], ruleId) && !(res.rule === undefined && matchesAny([w.rule], g.ruleKey))) continue;
          if (bit !== undefined && (!known || g.mask[bit] !== '1')) continue;
          if (this.activeWaiver[i]) {
            waiver = i;
            break;
          }
          this.waiverUse[i]!.expiredMatched += g.count;
        }
        if (g.suppressed && !this.policy.countSuppressed) status = 'suppressed';
        else if (waiver !== undefined) status = 'waived';
        else if (g.pre) status = 'existing';
        else status = 'counted';
      }
      switch (status) {
        case 'excluded':
          t.excluded += g.count;
          break;
        case 'suppressed':
          t.suppressed += g.count;
          break;
        case 'waived':
          t.waived += g.count;
          this.waiverUse[waiver!]!.matched += g.count;
          break;
        case 'existing':
          t.existing += g.count;
          break;
        case 'counted':
          t.counted[res.level] += g.count;
          if (b) t.counted[b] += g.count;
          t.counted.total += g.count;
          break;
      }
      for (const sm of g.samples) {
        const f: Finding = { tool: toolName, rule: ruleId, level: res.level, message: sm.message, fingerprint: sm.fingerprint, status, sarifFile: file };
        if (res.rule?.name) f.ruleName = res.rule.name;
        if (b) f.band = b;
        if (res.rule?.securitySeverity !== undefined) f.securitySeverity = res.rule.securitySeverity;
        if (sm.path !== undefined) f.path = sm.path;
        if (sm.line !== undefined) f.line = sm.line;
        if (waiver !== undefined) f.waiver = waiver;
        this.findings.push(f);
      }
    }
    return true;
  }

  /** Drop the unfinished runs of a file that turned out invalid. */
  discardFile(file: string): void {
    for (const [key, s] of this.runs) if (s.file === file) this.runs.delete(key);
    this.last = undefined;
  }

  private toolSummary(tool: string): ToolSummary {
    let t = this.tools.get(tool);
    if (!t) {
      t = { tool, runs: 0, results: 0, counted: emptyCounts(), waived: 0, suppressed: 0, excluded: 0, notFailing: 0, existing: 0, absent: 0, levelSource: {} };
      this.tools.set(tool, t);
    }
    return t;
  }

  summary(): { tools: ToolSummary[]; totals: ToolSummary; findings: Finding[]; waivers: WaiverUse[]; baseline: { new: number; unchanged: number; absent: number } } {
    const tools = [...this.tools.values()].sort((a, b) => a.tool.localeCompare(b.tool));
    const totals: ToolSummary = { tool: '(all tools)', runs: 0, results: 0, counted: emptyCounts(), waived: 0, suppressed: 0, excluded: 0, notFailing: 0, existing: 0, absent: 0, levelSource: {} };
    for (const t of tools) {
      totals.runs += t.runs;
      totals.results += t.results;
      for (const k of Object.keys(totals.counted) as (keyof Counts)[]) totals.counted[k] += t.counted[k];
      totals.waived += t.waived;
      totals.suppressed += t.suppressed;
      totals.excluded += t.excluded;
      totals.notFailing += t.notFailing;
      totals.existing += t.existing;
      totals.absent += t.absent;
      for (const [k, v] of Object.entries(t.levelSource)) totals.levelSource[k] = (totals.levelSource[k] ?? 0) + v;
    }
    const order: Record<FindingStatus, number> = { counted: 0, existing: 1, waived: 2, suppressed: 3, excluded: 4 };
    const findings = [...this.findings].sort(
      (a, b) => order[a.status] - order[b.status] || severityRank(b) - severityRank(a) || (a.path ?? '').localeCompare(b.path ?? '') || (a.line ?? 0) - (b.line ?? 0),
    );
    return { tools, totals, findings, waivers: this.waiverUse, baseline: { new: this.newCount, unchanged: this.unchangedCount, absent: this.absentCount } };
  }
}
