/**
 * The scanning core: one case-insensitive pass of a combined keyword RegExp over a file finds
 * candidate places; only those lines (or windows of very long lines) meet the rules' regexes.
 * The raw secret never leaves this module: findings carry its redacted form only.
 */
import type { Allowlist, FindingKind, ScanRule } from './rules.js';
import { LineIndex, escapeRegExp, redact, shannonEntropy } from './util.js';

export interface EngineFinding {
  rule: string;
  description: string;
  file: string;
  line: number;
  column: number;
  redacted: string;
  kind: FindingKind;
}

export interface CompiledRules {
  rules: ScanRule[];
  /** Combined, case-insensitive keyword prefilter; undefined when no rule has keywords. */
  keywordRe: RegExp | undefined;
  keywords: { keyword: string; rules: ScanRule[] }[];
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
/** How far a multi-line rule (key blocks) may reach past its keyword. */
const MULTILINE_REACH = 64 * 1024;

export function compileRules(rules: ScanRule[], allowlists: Allowlist[] = []): CompiledRules {
  const byKeyword = new Map<string, ScanRule[]>();
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
      const list = byKeyword.get(kw) ?? [];
      list.push(rule);
      byKeyword.set(kw, list);
    }
  }
  const keywords = [...byKeyword].map(([keyword, rs]) => ({ keyword, rules: rs }));
  // Longest first, so a keyword is not hidden by a shorter one at the same place.
  const sorted = keywords.map((k) => k.keyword).sort((a, b) => b.length - a.length);
  const keywordRe = sorted.length > 0 ? new RegExp(sorted.map(escapeRegExp).join('|'), 'gi') : undefined;
  return { rules, keywordRe, keywords, everywhere, pathOnly, allowlists };
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

function test(re: RegExp, s: string): boolean {
  re.lastIndex = 0;
  return re.test(s);
}

/** True when the file is excluded for every rule by a global allowlist's paths. */
export function pathAllowlisted(compiled: CompiledRules, file: string): boolean {
  return compiled.allowlists.some(
    (a) => !a.targetRules && a.paths.length > 0 && a.regexes.length === 0 && a.stopwords.length === 0 && a.paths.some((re) => test(re, file)),
  );
}

interface Candidate {
  rule: ScanRule;
  start: number;
  end: number;
  secretStart: number;
  secret: string;
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

/** The identifier ([\w.-]) that contains the offset, for name-based checks. */
function identifierAt(text: string, start: number, match: string): string {
  let s = start;
  while (s > 0 && s > start - 80 && /[\w.-]/.test(text[s - 1]!)) s--;
  const tail = /^[\w.-]*/.exec(match)![0];
  return text.slice(s, start) + tail;
}

export function scanText(text: string, file: string, compiled: CompiledRules): EngineFinding[] {
  const candidates: Candidate[] = [];
  const seen = new Set<string>();

  const evaluate = (rule: ScanRule, from: number, to: number): void => {
    if (rule.path && !test(rule.path, file)) return;
    const re = rule.regex!;
    const segment = from === 0 && to === text.length ? text : text.slice(from, to);
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    let guard = 0;
    while ((m = re.exec(segment)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        if (++guard > 100000) break;
        continue;
      }
      const start = from + m.index;
      const key = `${rule.id}@${start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const { secret: raw, offset } = secretOf(rule, m);
      const secret = rule.extract ? rule.extract(raw) : raw;
      if (secret.length === 0) continue;
      candidates.push({ rule, start, end: start + m[0].length, secretStart: start + offset, secret });
    }
  };

  if (compiled.keywordRe) {
    const kw = new RegExp(compiled.keywordRe.source, 'gi');
    let m: RegExpExecArray | null;
    while ((m = kw.exec(text)) !== null) {
      const pos = m.index;
      const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
      let lineEnd = text.indexOf('\n', pos);
      if (lineEnd < 0) lineEnd = text.length;
      let segStart = lineStart;
      let segEnd = lineEnd;
      let next = lineEnd;
      if (lineEnd - lineStart > LONG_LINE) {
        segStart = Math.max(lineStart, pos - PAD);
        segEnd = Math.min(lineEnd, pos + m[0].length + PAD);
        next = segEnd;
        kw.lastIndex = pos + m[0].length;
        let n: RegExpExecArray | null;
        while (segEnd < lineEnd && segEnd - segStart < MAX_WINDOW && (n = kw.exec(text)) !== null) {
          if (n.index >= segEnd) {
            next = n.index;
            break;
          }
          segEnd = Math.min(lineEnd, n.index + n[0].length + PAD);
          next = segEnd;
        }
        // A hit cut off by MAX_WINDOW starts the next window with its own context.
        if (next > segEnd) next = segEnd;
        if (segEnd - segStart >= MAX_WINDOW) next = Math.max(pos + 1, segEnd - PAD);
      }
      const lower = text.slice(segStart, segEnd).toLowerCase();
      const rules = new Set<ScanRule>();
      for (const k of compiled.keywords) if (lower.includes(k.keyword)) for (const r of k.rules) rules.add(r);
      for (const rule of rules) {
        if (rule.multiline) evaluate(rule, segStart, Math.min(text.length, Math.max(segEnd, pos + MULTILINE_REACH)));
        else evaluate(rule, segStart, segEnd);
      }
      kw.lastIndex = Math.max(next, pos + 1);
    }
  }
  for (const rule of compiled.everywhere) evaluate(rule, 0, text.length);

  // Validate, apply entropy and allowlists.
  const kept: Candidate[] = [];
  for (const c of candidates) {
    const { rule, secret } = c;
    const match = text.slice(c.start, c.end);
    if (rule.entropy !== undefined && shannonEntropy(secret) < rule.entropy) continue;
    if (rule.validate && !rule.validate(secret, match, identifierAt(text, c.start, match))) continue;
    const line = lineAround(text, c.secretStart);
    if (line.includes('gitleaks:allow')) continue;
    const ruleLists = rule.allowlists ?? [];
    const global = compiled.allowlists.filter((a) => !a.targetRules || a.targetRules.includes(rule.id));
    if ([...ruleLists, ...global].some((a) => allowlistHits(a, file, secret, match, line))) continue;
    kept.push(c);
  }

  // A name-based (generic) finding gives way to a provider rule that found the same secret.
  const specific = kept.filter((c) => !c.rule.generic);
  const final = kept.filter(
    (c) => !c.rule.generic || !specific.some((s) => s.start < c.end && c.start < s.end),
  );
  final.sort((a, b) => a.secretStart - b.secretStart || a.rule.id.localeCompare(b.rule.id));
  const index = new LineIndex(text);
  return final.map((c) => {
    const { line, column } = index.locate(c.secretStart);
    return { rule: c.rule.id, description: c.rule.description, file, line, column, redacted: redact(c.secret), kind: c.rule.kind };
  });
}

/** Findings of path-only rules (e.g. a committed `.p12`): the file itself is the finding. */
export function scanPath(file: string, compiled: CompiledRules): EngineFinding[] {
  return compiled.pathOnly
    .filter((r) => r.path && test(r.path, file))
    .filter((r) => !compiled.allowlists.some((a) => (!a.targetRules || a.targetRules.includes(r.id)) && a.paths.some((re) => test(re, file))))
    .map((r) => ({ rule: r.id, description: r.description, file, line: 1, column: 1, redacted: '', kind: r.kind }));
}
