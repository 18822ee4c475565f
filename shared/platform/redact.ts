/**
 * The secret registry behind every log line. A registered value is redacted in every form a
 * log line could carry it: as is, each line of a multi-line value, base64 (standard and url-safe),
 * URL-encoded and JSON-escaped.
 */
export class Redactor {
  private readonly needles = new Set<string>();
  private matcher: RegExp | undefined;

  add(value: string): string[] {
    const forms = encodings(value).filter((f) => f.length >= 3);
    for (const f of forms) this.needles.add(f);
    this.matcher = undefined;
    return forms;
  }

  redact(text: string): string {
    if (this.needles.size === 0) return text;
    // One alternation, longest first, so a value is not half-replaced by one of its own lines and
    // a line is scanned once however many secrets are registered.
    this.matcher ??= new RegExp([...this.needles].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
    return text.replace(this.matcher, '***');
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function encodings(value: string): string[] {
  const forms = new Set<string>();
  const add = (s: string) => s.trim() && forms.add(s);
  add(value);
  for (const line of value.split(/\r?\n/)) add(line.trim());
  const b64 = Buffer.from(value, 'utf8').toString('base64');
  add(b64);
  add(b64.replace(/=+$/, ''));
  add(Buffer.from(value, 'utf8').toString('base64url'));
  add(encodeURIComponent(value));
  add(JSON.stringify(value).slice(1, -1));
  return [...forms];
}
