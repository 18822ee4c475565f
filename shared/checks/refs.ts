import picomatch from 'picomatch';

/**
 * Ref globs: `*` matches within one path segment, `**` across segments, `?` one character.
 * Nothing else is special (no braces, extglobs, negation, character classes), matching is exact
 * and case-sensitive, with no Unicode normalisation: `refs/tags/main` never matches `refs/heads/main`.
 */
const GLOB_OPTIONS: picomatch.PicomatchOptions = { dot: true, nobrace: true, noextglob: true, nonegate: true, strictSlashes: true, literalBrackets: true };

const compiled = new Map<string, (ref: string) => boolean>();

export function refMatches(pattern: string, ref: string): boolean {
  let matcher = compiled.get(pattern);
  if (!matcher) {
    matcher = /[*?]/.test(pattern) ? picomatch(pattern, GLOB_OPTIONS) : (r: string) => r === pattern;
    compiled.set(pattern, matcher);
  }
  return matcher(ref);
}

/** The same glob semantics for other names (workflow files, runner names). */
export const globMatches: (pattern: string, name: string) => boolean = refMatches;

/**
 * Characters a ref may carry under `ref-charset: strict`: printable ASCII without shell
 * metacharacters. Git itself forbids space ~ ^ : ? * [ \ and control characters; we also refuse
 * $ ` ( ) ; & | < > ' " ! { } so a ref can never become code in a script that interpolates it.
 */
const STRICT_REF = /^[A-Za-z0-9._/+@#=,%-]+$/;

export function refCharsetProblem(ref: string): string | undefined {
  if (STRICT_REF.test(ref)) return undefined;
  // Control and non-ASCII characters first: they are the ones a reader cannot see.
  const rank = (ch: string) => {
    const cp = ch.codePointAt(0)!;
    return cp < 0x20 || cp === 0x7f ? 0 : cp > 0x7e ? 1 : 2;
  };
  const bad = [...new Set([...ref].filter((ch) => !STRICT_REF.test(ch)))].sort((a, b) => rank(a) - rank(b));
  const describe = (ch: string) => {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || cp === 0x7f) return `control character U+${cp.toString(16).padStart(4, '0').toUpperCase()}`;
    if (cp > 0x7e) return `non-ASCII U+${cp.toString(16).padStart(4, '0').toUpperCase()} "${ch}"`;
    return `"${ch}"`;
  };
  return bad.slice(0, 5).map(describe).join(', ');
}
