/**
 * The scanning core. A case-folding Aho–Corasick automaton over every rule keyword walks the raw
 * bytes of a file once; only the lines (or windows of very long lines) holding a keyword are
 * decoded and meet the regexes of the rules owning the keywords found there. The raw secret never
 * leaves this module: findings carry its redacted form only.
 */
import type { Allowlist, FindingKind, ScanRule } from './rules.js';
import { redact, shannonEntropy } from './util.js';

/** One finding; `ScanFinding` in the scanner's public interface. */
export interface EngineFinding {
  rule: string;
  description: string;
  file: string;
  line: number;
  column: number;
  /** At most the first 4 characters of the secret followed by `…`; empty for ci-config findings. */
  redacted: string;
  kind: FindingKind;
}

/** Case-insensitive (ASCII) multi-keyword matcher as a dense DFA over bytes. */
class KeywordAutomaton {
  readonly delta: Uint16Array;
  readonly start: number;
  readonly firstAccepting: number;
  /** For each state: index into `outputs` + 1, or 0 when no keyword ends there. */
  readonly accept: Int32Array;
  /** Keyword ids ending at a state (including those reached through failure links). */
  readonly outputs: number[][] = [];

  constructor(keywords: readonly string[]) {
    // The trie, over lowercased keyword bytes, as a flat table (-1: no edge) plus each state's
    // edge bytes. Typed arrays and native row copies only: this runs once per scan, before
    // anything is warm, so it must be cheap in the interpreter too.
    const encoded = keywords.map((kw) => Buffer.from(kw.toLowerCase(), 'utf8'));
    const bound = encoded.reduce((n, k) => n + k.length, 1);
    const trie = new Int32Array(bound * 256).fill(-1);
    const edges: number[][] = [[]];
    const out: number[][] = [[]];
    encoded.forEach((bytes, id) => {
      let s = 0;
      for (const b of bytes) {
        let next = trie[s * 256 + b]!;
        if (next < 0) {
          next = edges.length;
          edges.push([]);
          out.push([]);
          trie[s * 256 + b] = next;
          edges[s]!.push(b);
        }
        s = next;
      }
      out[s]!.push(id);
    });
    const n = edges.length;
    if (n > 65535) throw new Error('too many keyword states');
    // Failure links and output sets, breadth first over the trie.
    const fail = new Int32Array(n);
    const order = new Int32Array(n);
    let queued = 1;
    for (let qi = 0; qi < queued; qi++) {
      const s = order[qi]!;
      for (const b of edges[s]!) {
        const t = trie[s * 256 + b]!;
        if (s !== 0) {
          let f = fail[s]!;
          while (f !== 0 && trie[f * 256 + b]! < 0) f = fail[f]!;
          const g = trie[f * 256 + b]!;
          fail[t] = g < 0 ? 0 : g;
        }
        const inherited = out[fail[t]!]!;
        if (inherited.length > 0) out[t] = [...new Set([...out[t]!, ...inherited])];
        order[queued++] = t;
      }
    }
    // Renumber: accepting states last, so the hot loop tests `state >= firstAccepting` only.
    const renum = new Int32Array(n);
    let k = 0;
    for (let old = 0; old < n; old++) if (out[old]!.length === 0) renum[old] = k++;
    this.firstAccepting = k;
    for (let old = 0; old < n; old++) if (out[old]!.length > 0) renum[old] = k++;
    // The DFA: a state's row is its failure state's row with its own trie edges laid over it.
    // Keywords are lowercase, so an uppercase ASCII byte takes its lowercase twin's edge.
    const delta = new Uint16Array(n * 256);
    const root = renum[0]! * 256;
    for (let b = 0; b < 256; b++) {
      const t = trie[fold(b)]!;
      delta[root + b] = t < 0 ? renum[0]! : renum[t]!;
    }
    for (let qi = 1; qi < n; qi++) {
      const s = order[qi]!;
      const row = renum[s]! * 256;
      const frow = renum[fail[s]!]! * 256;
      delta.copyWithin(row, frow, frow + 256);
      for (const b of edges[s]!) {
        const t = renum[trie[s * 256 + b]!]!;
        delta[row + b] = t;
        if (b >= 97 && b <= 122) delta[row + b - 32] = t;
      }
    }
    this.delta = delta;
    this.start = renum[0]!;
    this.accept = new Int32Array(n);
    for (let old = 0; old < n; old++) {
      const o = out[old]!;
      if (o.length > 0) {
        this.outputs.push(o);
        this.accept[renum[old]!] = this.outputs.length;
      }
    }
  }
}

function fold(b: number): number {
  return b >= 65 && b <= 90 ? b + 32 : b;
}

export interface CompiledRules {
  rules: ScanRule[];
  automaton: KeywordAutomaton | undefined;
  /** Keyword id → rules owning it. */
  keywordRules: ScanRule[][];
  /** Rules without keywords: run over whole files. */
  everywhere: ScanRule[];
  /** Rules without a regex: the matching file path is the finding. */
  pathOnly: ScanRule[];
  allowlists: Allowlist[];
}

/** Lines longer than this are scanned in windows around each keyword hit (minified code). */
const LONG_LINE = 4096;
/** Context kept on each side of a keyword hit inside a long line. */
const PAD = 1024;
/** Largest window for one evaluation of a long line. */
const MAX_WINDOW = 64 * 1024;
/** How far a multi-line rule (key blocks) may reach past its keyword's line. */
const MULTILINE_REACH = 64 * 1024;

export function compileRules(rules: ScanRule[], allowlists: Allowlist[] = []): CompiledRules {
  const ids = new Map<string, number>();
  const keywordRules: ScanRule[][] = [];
  const everywhere: ScanRule[] = [];
  const pathOnly: ScanRule[] = [];
  for (const rule of rules) {
    if (!rule.regex) {
      pathOnly.push(rule);
      continue;
    }
    if (rule.keywords.length === 0) {
      everywhere.push(rule);
      continue;
    }
    for (const kw of new Set(rule.keywords.map((k) => k.toLowerCase()))) {
      let id = ids.get(kw);
      if (id === undefined) {
        id = keywordRules.length;
        ids.set(kw, id);
        keywordRules.push([]);
      }
      keywordRules[id]!.push(rule);
    }
  }
  const automaton = ids.size > 0 ? new KeywordAutomaton([...ids.keys()]) : undefined;
  return { rules, automaton, keywordRules, everywhere, pathOnly, allowlists };
}

function test(re: RegExp, s: string): boolean {
  re.lastIndex = 0;
  return re.test(s);
}

function allowlistHits(a: Allowlist, file: string, secret: string, match: string, line: string): boolean {
  const target = a.regexTarget === 'match' ? match : a.regexTarget === 'line' ? line : secret;
  const checks: boolean[] = [];
  if (a.paths.length > 0) checks.push(a.paths.some((re) => test(re, file)));
  if (a.regexes.length > 0) checks.push(a.regexes.some((re) => test(re, target)));
  if (a.stopwords.length > 0) {
    const lower = secret.toLowerCase();
    checks.push(a.stopwords.some((w) => lower.includes(w.toLowerCase())));
  }
  if (checks.length === 0) return false;
  return a.condition === 'AND' ? checks.every(Boolean) : checks.some(Boolean);
}

/** True when a global allowlist excludes the file for every rule by path alone. */
export function pathAllowlisted(compiled: CompiledRules, file: string): boolean {
  return compiled.allowlists.some(
    (a) => !a.targetRules && a.paths.length > 0 && a.regexes.length === 0 && a.stopwords.length === 0 && a.paths.some((re) => test(re, file)),
  );
}

function secretOf(rule: ScanRule, m: RegExpExecArray): { secret: string; offset: number } {
  let secret: string | undefined;
  if (rule.secretGroup !== undefined && rule.secretGroup > 0) secret = m[rule.secretGroup];
  else for (let i = 1; i < m.length && secret === undefined; i++) if (m[i]) secret = m[i];
  if (!secret) return { secret: m[0], offset: 0 };
  const at = m[0].indexOf(secret);
  return { secret, offset: at < 0 ? 0 : at };
}

function lineAround(text: string, offset: number): string {
  const s = text.lastIndexOf('\n', offset - 1) + 1;
  let e = text.indexOf('\n', offset);
  if (e < 0) e = text.length;
  if (e - s > 2 * PAD) return text.slice(Math.max(s, offset - PAD), Math.min(e, offset + PAD));
  return text.slice(s, e);
}

const IDENT = /[\w.-]/;

/** The identifier ([\w.-]) a match starts in, for name-based checks. */
function identifierAt(text: string, start: number, match: string): string {
  let s = start;
  while (s > 0 && s > start - 80 && IDENT.test(text[s - 1]!)) s--;
  return text.slice(s, start) + /^[\w.-]*/.exec(match)![0];
}

interface Candidate {
  rule: ScanRule;
  /** Byte offsets in the file. */
  start: number;
  end: number;
  secretAt: number;
  secret: string;
}

/** The automaton state after the last `advance` (kept out of the hot loop's return value). */
const cursorState = new Int32Array(1);

/**
 * The hot loop: runs the automaton from state `s` over bytes[from, to) and returns the index of
 * the first byte where a keyword ends (or `to`); the state there is left in cursorState[0].
 */
function advance(delta: Uint16Array, firstAccepting: number, bytes: Uint8Array, from: number, to: number, s: number): number {
  let i = from;
  for (; i < to; i++) {
    s = delta[(s << 8) | bytes[i]!]!;
    if (s >= firstAccepting) break;
  }
  cursorState[0] = s;
  return i;
}

/**
 * Scans the bytes of one file. This driver stays small so that it is optimised early and never
 * thrown away: it only runs the automaton; the first keyword hit (or a rule without keywords)
 * brings in a FileScan, which does everything else.
 */
export function scanBuffer(buf: Buffer, file: string, compiled: CompiledRules): EngineFinding[] {
  let scan: FileScan | undefined;
  const ac = compiled.automaton;
  if (ac) {
    const { delta, firstAccepting } = ac;
    const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
    const n = bytes.length;
    let i = 0;
    let s = ac.start;
    while (i < n) {
      i = advance(delta, firstAccepting, bytes, i, n, s);
      if (i >= n) break;
      scan ??= new FileScan(buf, bytes, file, compiled, ac);
      // A keyword ends at i: the FileScan takes its line and returns where to resume.
      i = scan.segment(i, cursorState[0]!);
      s = cursorState[0]!;
    }
  }
  if (compiled.everywhere.length > 0) {
    scan ??= new FileScan(buf, new Uint8Array(buf.buffer, buf.byteOffset, buf.length), file, compiled, ac);
    const text = buf.toString('utf8');
    for (const rule of compiled.everywhere) scan.evaluate(rule, 0, buf.length, text);
  }
  return scan ? scan.findings() : [];
}

/** The work on one file that has at least one keyword hit: regexes, checks, allowlists, locations. */
class FileScan {
  private readonly candidates: Candidate[] = [];
  private readonly seen = new Set<string>();
  /** Rules owning the keywords of the current segment, in the order first seen (no per-hit Set). */
  private readonly picked: ScanRule[] = [];

  constructor(
    private readonly buf: Buffer,
    private readonly bytes: Uint8Array,
    private readonly file: string,
    private readonly compiled: CompiledRules,
    private readonly ac: KeywordAutomaton | undefined,
  ) {}

  private collect(state: number): void {
    const ac = this.ac!;
    for (const id of ac.outputs[ac.accept[state]! - 1]!) for (const r of this.compiled.keywordRules[id]!) if (!this.picked.includes(r)) this.picked.push(r);
  }

  /**
   * A keyword ends at byte i (automaton in state s): evaluates the rules of every keyword on its
   * line (or a window of a long line) and returns where the automaton resumes, its state there
   * left in cursorState[0].
   */
  segment(i: number, s: number): number {
    const { buf, bytes } = this;
    const ac = this.ac!;
    const { delta, firstAccepting } = ac;
    const n = bytes.length;
    const lineStart = buf.lastIndexOf(10, i) + 1;
    let lineEnd = buf.indexOf(10, i);
    if (lineEnd < 0) lineEnd = n;
    let segStart = lineStart;
    let segEnd = lineEnd;
    if (lineEnd - lineStart > LONG_LINE) {
      segStart = Math.max(lineStart, i - 64 - PAD);
      segEnd = Math.min(lineEnd, i + 1 + PAD);
    }
    this.picked.length = 0;
    this.collect(s);
    // Continue the automaton to the segment end (long lines: extend the window per hit).
    let j = i + 1;
    while (j < segEnd) {
      j = advance(delta, firstAccepting, bytes, j, segEnd, s);
      s = cursorState[0]!;
      if (j >= segEnd) break;
      this.collect(s);
      if (segEnd < lineEnd && segEnd - segStart < MAX_WINDOW) segEnd = Math.min(lineEnd, j + 1 + PAD);
      j++;
    }
    let text: string | undefined;
    for (const rule of this.picked) {
      if (rule.multiline) this.evaluate(rule, segStart, Math.min(n, Math.max(segEnd, lineEnd + MULTILINE_REACH)));
      else this.evaluate(rule, segStart, segEnd, (text ??= buf.toString('utf8', segStart, segEnd)));
    }
    // Resume after the segment; a window cut inside a long line restarts with fresh context.
    if (segEnd < lineEnd) {
      cursorState[0] = ac.start;
      return Math.max(i + 1, segEnd - PAD);
    }
    cursorState[0] = s;
    return segEnd;
  }

  /** Runs one rule's regex over bytes [from, to) (decoded, or `text` when given) and keeps what passes. */
  evaluate(rule: ScanRule, from: number, to: number, text?: string): void {
    const { file, compiled } = this;
    if (rule.path && !test(rule.path, file)) return;
    const segment = text ?? this.buf.toString('utf8', from, to);
    const re = rule.regex!;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    let empty = 0;
    while ((m = re.exec(segment)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        if (++empty > 100000) break;
        continue;
      }
      const { secret: raw, offset } = secretOf(rule, m);
      const secret = rule.extract ? rule.extract(raw) : raw;
      if (secret.length === 0) continue;
      const start = from + Buffer.byteLength(segment.slice(0, m.index));
      const key = `${rule.id}@${start}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      if (rule.entropy !== undefined && shannonEntropy(secret) < rule.entropy) continue;
      if (rule.validate && !rule.validate(secret, m[0], identifierAt(segment, m.index, m[0]))) continue;
      const line = lineAround(segment, m.index + offset);
      if (line.includes('gitleaks:allow')) continue;
      const lists = [...(rule.allowlists ?? []), ...compiled.allowlists.filter((a) => !a.targetRules || a.targetRules.includes(rule.id))];
      if (lists.some((a) => allowlistHits(a, file, secret, m![0], line))) continue;
      this.candidates.push({
        rule,
        start,
        end: start + Buffer.byteLength(m[0]),
        secretAt: start + Buffer.byteLength(m[0].slice(0, offset)),
        secret,
      });
    }
  }

  /** The findings: overlaps resolved, sorted, located, redacted. */
  findings(): EngineFinding[] {
    const { candidates, compiled, buf, file } = this;
    if (candidates.length === 0) return [];
    // A name-based (generic) finding gives way to a provider rule that found the same secret.
    const specific = candidates.filter((c) => !c.rule.generic);
    const rank = (r: ScanRule): number => compiled.rules.indexOf(r);
    const final = candidates.filter(
      (c) =>
        (!c.rule.generic || !specific.some((o) => o.start < c.end && c.start < o.end)) &&
        // Two provider rules on the same secret: the earlier rule in the list speaks.
        !candidates.some((o) => o !== c && o.secretAt === c.secretAt && o.secret === c.secret && rank(o.rule) < rank(c.rule)),
    );
    final.sort((a, b) => a.secretAt - b.secretAt || a.rule.id.localeCompare(b.rule.id));

    // Line numbers: count newlines once, forwards, up to each finding (they are sorted by offset).
    let lineNo = 1;
    let lineStart = 0;
    const locate = (at: number): { line: number; column: number } => {
      for (let p = buf.indexOf(10, lineStart); p !== -1 && p < at; p = buf.indexOf(10, p + 1)) {
        lineNo++;
        lineStart = p + 1;
      }
      return { line: lineNo, column: buf.toString('utf8', lineStart, at).length + 1 };
    };
    return final.map((c) => ({ rule: c.rule.id, description: c.rule.description, file, ...locate(c.secretAt), redacted: redact(c.secret), kind: c.rule.kind }));
  }
}

/** Scans a string (tests, CI configs already in memory). */
export function scanText(text: string, file: string, compiled: CompiledRules): EngineFinding[] {
  return scanBuffer(Buffer.from(text, 'utf8'), file, compiled);
}

/** Findings of path-only rules (e.g. a committed `.p12`): the file itself is the finding. */
export function scanPath(file: string, compiled: CompiledRules): EngineFinding[] {
  return compiled.pathOnly
    .filter((r) => r.path && test(r.path, file))
    .filter((r) => !compiled.allowlists.some((a) => (!a.targetRules || a.targetRules.includes(r.id)) && a.paths.some((re) => test(re, file))))
    .map((r) => ({ rule: r.id, description: r.description, file, line: 1, column: 1, redacted: '', kind: r.kind }));
}
