/**
 * Loads a user's `.gitleaks.toml`: `[[rules]]` (id, description, regex, secretGroup, entropy,
 * keywords, path, rule allowlists) and global `[allowlist]` / `[[allowlists]]` (paths, regexes,
 * regexTarget, stopwords, condition, targetRules). Commits in allowlists are ignored (no history is
 * scanned). Go RE2 syntax is translated to JavaScript; what cannot be translated is a ConfigError
 * naming the rule.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseToml } from 'smol-toml';
import { ConfigError } from '../errors.js';
import type { Allowlist, ScanRule } from './rules.js';

export interface GitleaksConfig {
  rules: ScanRule[];
  allowlists: Allowlist[];
}

type Flags = { i: boolean; s: boolean };

const POSIX: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  xdigit: '0-9A-Fa-f',
  word: '\\w',
  punct: '!-\\/:-@\\[-`{-~',
  cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~',
  graph: '!-~',
  ascii: '\\x00-\\x7f',
};

class Untranslatable extends Error {}

function foldChar(c: string): string {
  const lo = c.toLowerCase();
  const up = c.toUpperCase();
  return lo !== up && lo.length === 1 && up.length === 1 ? `[${lo}${up}]` : escapeLiteral(c);
}

function escapeLiteral(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

function hexEscape(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Translates one RE2 pattern. `globalI`/`globalS`: flags the caller turns into JS flags. */
function translate(src: string, manual: boolean, start: Flags): string {
  let out = '';
  let i = 0;
  const stack: Flags[] = [];
  let flags: Flags = { ...start };

  const readEscape = (inClass: boolean): { text: string; code?: number } => {
    const c = src[i + 1];
    if (c === undefined) throw new Untranslatable('trailing backslash');
    i += 2;
    if (c === 'x') {
      if (src[i] === '{') {
        const end = src.indexOf('}', i);
        if (end < 0) throw new Untranslatable('unterminated \\x{');
        const hex = src.slice(i + 1, end);
        i = end + 1;
        const code = parseInt(hex, 16);
        if (!/^[0-9a-fA-F]{1,6}$/.test(hex) || code > 0xffff) throw new Untranslatable(`\\x{${hex}} outside the Basic Multilingual Plane`);
        return { text: hexEscape(code), code };
      }
      const hex = src.slice(i, i + 2);
      i += 2;
      return { text: `\\x${hex}`, code: parseInt(hex, 16) };
    }
    if (c === 'p' || c === 'P') throw new Untranslatable(`Unicode class \\${c} is not supported`);
    if (c === 'C') throw new Untranslatable('\\C is not supported');
    if (!inClass && c === 'z') return { text: '(?![\\s\\S])' };
    if (!inClass && c === 'A') return { text: '(?<![\\s\\S])' };
    if (/[1-9]/.test(c)) throw new Untranslatable('backreferences are not RE2');
    if (/[dDwWsSbBnrtfv0]/.test(c)) return { text: `\\${c}` };
    if (/[A-Za-z]/.test(c)) throw new Untranslatable(`unknown escape \\${c}`);
    return { text: `\\${c}`, code: c.charCodeAt(0) };
  };

  const readClass = (): string => {
    // src[i] === '['
    let body = '';
    i++;
    let negate = false;
    if (src[i] === '^') {
      negate = true;
      i++;
    }
    const items: { lo: number; hi: number }[] = [];
    let first = true;
    for (;;) {
      const c = src[i];
      if (c === undefined) throw new Untranslatable('unterminated character class');
      if (c === ']' && !first) {
        i++;
        break;
      }
      first = false;
      if (c === '[' && src[i + 1] === ':') {
        const end = src.indexOf(':]', i + 2);
        if (end < 0) throw new Untranslatable('unterminated POSIX class');
        let name = src.slice(i + 2, end);
        const neg = name.startsWith('^');
        if (neg) name = name.slice(1);
        const set = POSIX[name];
        if (!set || neg) throw new Untranslatable(`POSIX class [:${name}:] is not supported`);
        body += set;
        i = end + 2;
        continue;
      }
      let loText: string;
      let lo: number | undefined;
      if (c === '\\') {
        const e = readEscape(true);
        loText = e.text;
        lo = e.code;
      } else {
        loText = c === '[' || c === ']' || c === '\\' || c === '^' ? `\\${c}` : c;
        lo = c.charCodeAt(0);
        i++;
      }
      if (src[i] === '-' && src[i + 1] !== ']' && src[i + 1] !== undefined) {
        i++;
        let hiText: string;
        let hi: number | undefined;
        if (src[i] === '\\') {
          const e = readEscape(true);
          hiText = e.text;
          hi = e.code;
        } else {
          const h = src[i]!;
          hiText = h === '[' || h === ']' ? `\\${h}` : h;
          hi = h.charCodeAt(0);
          i++;
        }
        body += `${loText}-${hiText}`;
        if (lo !== undefined && hi !== undefined) items.push({ lo, hi });
      } else {
        body += loText;
        if (lo !== undefined) items.push({ lo, hi: lo });
      }
    }
    if (manual && flags.i) {
      // Add the other case of every letter range.
      for (const { lo, hi } of items) {
        const add = (a: number, b: number, delta: number): void => {
          const s = Math.max(lo, a);
          const e = Math.min(hi, b);
          if (s <= e) body += `${hexEscape(s + delta)}-${hexEscape(e + delta)}`;
        };
        add(97, 122, -32);
        add(65, 90, 32);
      }
    }
    return `[${negate ? '^' : ''}${body}]`;
  };

  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') {
      if (src[i + 1] === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        const lit = src.slice(i + 2, end < 0 ? src.length : end);
        i = end < 0 ? src.length : end + 2;
        for (const ch of lit) out += manual && flags.i ? foldChar(ch) : escapeLiteral(ch);
        continue;
      }
      const e = readEscape(false);
      const ch = e.code !== undefined ? String.fromCharCode(e.code) : '';
      out += manual && flags.i && /[A-Za-z]/.test(ch) ? foldChar(ch) : e.text;
      continue;
    }
    if (c === '[') {
      out += readClass();
      continue;
    }
    if (c === '(') {
      if (src[i + 1] === '?') {
        const rest = src.slice(i + 2);
        const named = /^P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
        if (named) {
          out += `(?<${named[1]}>`;
          stack.push(flags);
          flags = { ...flags };
          i += 2 + named[0].length;
          continue;
        }
        const fl = /^([imsU]*)(?:-([imsU]*))?([:)])/.exec(rest);
        if (fl) {
          const next = { ...flags };
          const on = fl[1] ?? '';
          const off = fl[2] ?? '';
          if (on.includes('U') || off.includes('U')) throw new Untranslatable('the U (ungreedy) flag is not supported');
          if (on.includes('m') || off.includes('m')) throw new Untranslatable('the m flag is only supported at the start of the pattern');
          if (!manual && (fl[1] || fl[2])) throw new Untranslatable('internal: scoped flag in global mode');
          if (on.includes('i')) next.i = true;
          if (off.includes('i')) next.i = false;
          if (on.includes('s')) next.s = true;
          if (off.includes('s')) next.s = false;
          i += 2 + fl[0].length;
          if (fl[3] === ')') {
            flags = next;
          } else {
            out += '(?:';
            stack.push(flags);
            flags = next;
          }
          continue;
        }
        throw new Untranslatable(`group syntax (?${rest.slice(0, 3)} is not RE2`);
      }
      out += '(';
      stack.push(flags);
      flags = { ...flags };
      i++;
      continue;
    }
    if (c === ')') {
      out += ')';
      flags = stack.pop() ?? flags;
      i++;
      continue;
    }
    if (c === '.') {
      out += manual && flags.s ? '[\\s\\S]' : '.';
      i++;
      continue;
    }
    if (manual && flags.i && /[A-Za-z]/.test(c)) {
      out += foldChar(c);
      i++;
      continue;
    }
    out += c === '/' ? '\\/' : c;
    i++;
  }
  return out;
}

/** Go RE2 → JavaScript RegExp (global). Throws Untranslatable with the reason. */
export function re2ToRegExp(pattern: string): RegExp {
  const lead = /^\(\?([ims]+)\)/.exec(pattern);
  const rest = lead ? pattern.slice(lead[0].length) : pattern;
  const scoped = /\(\?(?:[imsU]+(?:-[imsU]*)?|-[imsU]+)[:)]/.test(rest.replace(/\\\\|\\\(/g, ''));
  let source: string;
  let flags = 'g';
  if (!scoped) {
    const f = lead?.[1] ?? '';
    if (f.includes('i')) flags += 'i';
    if (f.includes('s')) flags += 's';
    if (f.includes('m')) flags += 'm';
    source = translate(rest, false, { i: false, s: false });
  } else {
    const f = lead?.[1] ?? '';
    if (f.includes('m')) flags += 'm';
    source = translate(rest, true, { i: f.includes('i'), s: f.includes('s') });
  }
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw new Untranslatable(`the translated pattern does not compile (${(err as Error).message})`);
  }
}

function strings(v: unknown, what: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new Error(`${what} must be a list of strings`);
  return v as string[];
}

function compile(pattern: string, where: string, file: string): RegExp {
  try {
    return re2ToRegExp(pattern);
  } catch (err) {
    const reason = err instanceof Untranslatable ? err.message : String(err);
    throw new ConfigError('input-invalid', `${file}: ${where}: regex cannot be used: ${reason}`, {
      hint: 'rewrite the pattern without that construct (JavaScript regexes have no Unicode classes without the u flag, no scoped m/U flags)',
    });
  }
}

function allowlistFrom(raw: unknown, where: string, file: string): Allowlist {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError('input-invalid', `${file}: ${where} must be a table`);
  const a = raw as Record<string, unknown>;
  try {
    const condition = a.condition === undefined ? 'OR' : String(a.condition).toUpperCase();
    if (condition !== 'OR' && condition !== 'AND') throw new Error(`condition must be OR or AND, not "${String(a.condition)}"`);
    const target = a.regexTarget === undefined ? 'secret' : String(a.regexTarget);
    if (target !== 'secret' && target !== 'match' && target !== 'line') throw new Error(`regexTarget must be secret, match or line, not "${target}"`);
    const list: Allowlist = {
      condition,
      regexTarget: target,
      paths: strings(a.paths, 'paths').map((p, n) => compile(p, `${where}.paths[${n}]`, file)),
      regexes: strings(a.regexes, 'regexes').map((p, n) => compile(p, `${where}.regexes[${n}]`, file)),
      stopwords: strings(a.stopwords, 'stopwords'),
    };
    if (typeof a.description === 'string') list.description = a.description;
    if (a.targetRules !== undefined) list.targetRules = strings(a.targetRules, 'targetRules');
    return list;
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError('input-invalid', `${file}: ${where}: ${(err as Error).message}`);
  }
}

/** Parses the text of a gitleaks TOML config. `file` names it in errors. */
export function parseGitleaksConfig(text: string, file: string): GitleaksConfig {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (err) {
    const line = (err as { line?: number }).line;
    throw new ConfigError('input-invalid', `${file}${line ? `:${line}` : ''}: not valid TOML`, { hint: 'fix the TOML syntax of the gitleaks config' });
  }
  const allowlists: Allowlist[] = [];
  if (doc.allowlist !== undefined) allowlists.push(allowlistFrom(doc.allowlist, '[allowlist]', file));
  if (doc.allowlists !== undefined) {
    if (!Array.isArray(doc.allowlists)) throw new ConfigError('input-invalid', `${file}: allowlists must be an array of tables ([[allowlists]])`);
    doc.allowlists.forEach((a, n) => allowlists.push(allowlistFrom(a, `[[allowlists]] #${n + 1}`, file)));
  }
  const rules: ScanRule[] = [];
  const rawRules = doc.rules ?? [];
  if (!Array.isArray(rawRules)) throw new ConfigError('input-invalid', `${file}: rules must be an array of tables ([[rules]])`);
  rawRules.forEach((raw: unknown, n: number) => {
    if (typeof raw !== 'object' || raw === null) throw new ConfigError('input-invalid', `${file}: [[rules]] #${n + 1} must be a table`);
    const r = raw as Record<string, unknown>;
    const id = typeof r.id === 'string' && r.id.length > 0 ? r.id : undefined;
    if (!id) throw new ConfigError('input-invalid', `${file}: [[rules]] #${n + 1} has no id`, { hint: 'give every rule an id = "..."' });
    const where = `rule "${id}"`;
    if (r.regex === undefined && r.path === undefined) throw new ConfigError('input-invalid', `${file}: ${where} has neither regex nor path`);
    const rule: ScanRule = {
      id,
      description: typeof r.description === 'string' ? r.description : `gitleaks rule ${id}`,
      keywords: [],
      severity: 7,
      kind: 'credential',
      source: 'gitleaks-config',
    };
    try {
      rule.keywords = strings(r.keywords, 'keywords').map((k) => k.toLowerCase()).filter((k) => k.length > 0);
    } catch (err) {
      throw new ConfigError('input-invalid', `${file}: ${where}: ${(err as Error).message}`);
    }
    if (r.regex !== undefined) {
      if (typeof r.regex !== 'string') throw new ConfigError('input-invalid', `${file}: ${where}: regex must be a string`);
      rule.regex = compile(r.regex, where, file);
    }
    if (r.path !== undefined) {
      if (typeof r.path !== 'string') throw new ConfigError('input-invalid', `${file}: ${where}: path must be a string`);
      rule.path = compile(r.path, `${where} path`, file);
    }
    if (r.secretGroup !== undefined) {
      if (typeof r.secretGroup !== 'number' || !Number.isInteger(r.secretGroup) || r.secretGroup < 0) {
        throw new ConfigError('input-invalid', `${file}: ${where}: secretGroup must be a non-negative integer`);
      }
      rule.secretGroup = r.secretGroup;
    }
    if (r.entropy !== undefined) {
      if (typeof r.entropy !== 'number') throw new ConfigError('input-invalid', `${file}: ${where}: entropy must be a number`);
      rule.entropy = r.entropy;
    }
    const lists: unknown[] = [];
    if (r.allowlist !== undefined) lists.push(r.allowlist);
    if (Array.isArray(r.allowlists)) lists.push(...(r.allowlists as unknown[]));
    if (lists.length > 0) rule.allowlists = lists.map((a, k) => allowlistFrom(a, `${where} allowlist #${k + 1}`, file));
    rules.push(rule);
  });
  return { rules, allowlists };
}

export async function loadGitleaksConfig(path: string, displayName = path): Promise<GitleaksConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError('input-invalid', `cannot read gitleaks config ${displayName}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, {
      hint: 'point gitleaks-config at a readable .gitleaks.toml, or remove the input',
    });
  }
  return parseGitleaksConfig(text, displayName);
}
