import { describe, expect, it } from '@jest/globals';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { CLI, ROOT } from './bundle.js';

/**
 * Weekly freeze windows judged by the bundled CLI in a real process, where the wall clock comes
 * from switching the process's TZ (jest hands tests a copy of process.env, so in-process tests
 * take the Intl fallback). The oracle here is independent: ICU's Intl.DateTimeFormat reading of
 * the instant, and the window rule written out plainly. One `policy test` run judges every case.
 */

const ZONES = [
  'Europe/Berlin', 'Europe/London', 'America/New_York', 'America/Santiago', 'America/St_Johns', 'Asia/Kolkata', 'Asia/Tehran',
  'Australia/Lord_Howe', 'Australia/Sydney', 'Pacific/Chatham', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Pacific/Apia', 'Africa/Casablanca',
];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

function icuClock(t: number, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', hour: 'numeric', minute: 'numeric' }).formatToParts(new Date(t)).map((p) => [p.type, p.value]),
  );
  return { weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday!), minutes: (Number(parts.hour) % 24) * 60 + Number(parts.minute) };
}

interface Window { days: number[]; from: number; to: number; timezone: string }
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** In force when the wall clock is in [from, to] on a listed day, or, past midnight, in [0, to] the day after. */
function inForce(w: Window, t: number): boolean {
  const { weekday, minutes } = icuClock(t, w.timezone);
  if (w.from <= w.to) return w.days.includes(weekday) && minutes >= w.from && minutes <= w.to;
  return (w.days.includes(weekday) && minutes >= w.from) || (w.days.includes((weekday + 6) % 7) && minutes <= w.to);
}

const windowArb = fc.record({
  days: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 6 }),
  from: fc.integer({ min: 0, max: 1439 }),
  to: fc.integer({ min: 0, max: 1439 }),
  timezone: fc.constantFrom(...ZONES),
});
// Instants from 2000 to 2040, plus the hours around 2026's daylight-saving changes, where wrong zone rules show.
const instantArb = fc.oneof(
  fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }),
  fc.constantFrom('2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z', '2026-04-05T15:00:00Z', '2026-04-04T14:00:00Z').chain((edge) =>
    fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }).map((d) => Date.parse(edge) + Math.round(d / 60_000) * 60_000),
  ),
);

describe('freeze windows in a real process (TZ-switched wall clock) agree with ICU', () => {
  it('policy test over generated windows, zones and instants: every decision as the oracle says', async () => {
    const seed = Date.now() % 2 ** 31;
    const windows = fc.sample(windowArb, { numRuns: 24, seed });
    const cases = fc.sample(fc.tuple(fc.nat({ max: windows.length - 1 }), instantArb), { numRuns: 300, seed: seed + 1 });
    const dir = mkdtempSync(join(tmpdir(), 'cic-freeze-'));
    try {
      const policy = ['version: 1', 'environments:'];
      windows.forEach((w, i) => {
        policy.push(`  w${i}:`, '    trigger:', '      freeze:');
        policy.push(`        - { name: w${i}, days: [${w.days.map((d) => DAYS[d]).join(', ')}], from: "${hhmm(w.from)}", to: "${hhmm(w.to)}", timezone: ${w.timezone} }`);
      });
      writeFileSync(join(dir, 'policy.yml'), `${policy.join('\n')}\n`);
      const lines = ['policy: policy.yml', 'cases:'];
      let denies = 0;
      cases.forEach(([i, t], n) => {
        const deny = inForce(windows[i]!, t);
        denies += deny ? 1 : 0;
        lines.push(
          `  - name: "case ${n}: w${i} at ${new Date(t).toISOString()}"`,
          `    environment: w${i}`,
          `    at: "${new Date(t).toISOString()}"`,
          '    context: { platform: github, event: push, ref: refs/heads/main, repository: acme/app, actor: alice }',
          `    expect: { decision: ${deny ? 'deny' : 'allow'}${deny ? ', rules: [trigger.freeze]' : ''} }`,
        );
      });
      writeFileSync(join(dir, 'cases.yml'), `${lines.join('\n')}\n`);
      const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) =>
        execFile(process.execPath, [CLI, 'policy', 'test', join(dir, 'cases.yml')], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, maxBuffer: 1 << 24 }, (err, out) =>
          resolve({ code: err ? Number((err as { code?: number }).code ?? 99) : 0, stdout: out }),
        ),
      );
      const failures = stdout.split('\n').filter((l) => /^FAIL|^ {2}[-+]/.test(l));
      expect({ seed, failures }).toEqual({ seed, failures: [] });
      expect(stdout).toContain(`${cases.length} passed, 0 failed`);
      expect(code).toBe(0);
      // Both outcomes were exercised, so a clock stuck on UTC or a constant decision cannot pass.
      expect(denies).toBeGreaterThan(20);
      expect(cases.length - denies).toBeGreaterThan(20);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('every zone the policy accepts reads the same under a switched TZ as through ICU', () => {
  // The mechanism wallClock relies on, checked zone by zone in a real process (jest's
  // process.env is a copy, where TZ changes reach nothing): a zone that TZ did not understand
  // would read as UTC, and a freeze window in it would be judged hours off.
  it('all zones × instants around 2000–2040, including the 2026 transitions', () => {
    const script = `
      const zones = ['UTC', ...Intl.supportedValuesOf('timeZone')];
      const instants = [Date.UTC(2000, 0, 1, 12), Date.UTC(2026, 2, 29, 0, 30), Date.UTC(2026, 2, 29, 1, 30), Date.UTC(2026, 9, 25, 0, 30),
        Date.UTC(2026, 9, 25, 1, 30), Date.UTC(2026, 6, 1, 23, 59), Date.UTC(2031, 11, 31, 18), Date.UTC(2039, 5, 15, 6)];
      const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
      const bad = [];
      for (const zone of zones) {
        const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' });
        for (const t of instants) {
          const p = Object.fromEntries(f.formatToParts(t).map((x) => [x.type, x.value]));
          const icu = [+p.year, +p.month, +p.day, +p.hour % 24, +p.minute, days.indexOf(p.weekday)].join();
          process.env.TZ = zone;
          const d = new Date(t);
          const viaTz = [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getDay()].join();
          if (icu !== viaTz) bad.push(zone + ' @ ' + new Date(t).toISOString() + ': ICU ' + icu + ', TZ ' + viaTz);
        }
      }
      process.stdout.write(JSON.stringify({ zones: zones.length, bad }));`;
    const { stdout } = spawnSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 60_000 });
    const result = JSON.parse(stdout) as { zones: number; bad: string[] };
    expect(result.zones).toBeGreaterThan(400);
    expect(result.bad).toEqual([]);
  });
});

