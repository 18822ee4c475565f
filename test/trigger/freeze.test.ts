import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { inTimeZone } from '../../shared/platform/env.js';
import { activeWindows, freezeStatus, instantOfWallClock, wallClock, weeklyOccurrence, type WeeklyWindow } from '../../shared/checks/freeze.js';
import { freezeWindow, triggerSection, WEEKDAYS, type FreezeWindow } from '../../shared/policy/sections/trigger.js';

const weekly = (days: string[], from: string, to: string, timezone: string, name = 'w'): WeeklyWindow => freezeWindow.parse({ name, days, from, to, timezone }) as WeeklyWindow;
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const endOf = (windows: FreezeWindow[], at: string) => iso(freezeStatus(windows, Date.parse(at))?.endsAt);

describe('weekly windows across the 2026 daylight-saving changes', () => {
  const berlinWeekend = weekly(['fri', 'sat', 'sun'], '16:00', '23:59', 'Europe/Berlin');
  const berlinNights = weekly([...WEEKDAYS], '22:00', '05:59', 'Europe/Berlin');
  const nyOffice = weekly(['mon', 'tue', 'wed', 'thu', 'fri'], '09:00', '16:59', 'America/New_York');
  const nyNights = weekly(['sat'], '22:00', '05:59', 'America/New_York');
  const berlinRepeated = weekly(['sun'], '02:00', '02:59', 'Europe/Berlin');
  const berlinGap = weekly(['sun'], '02:15', '02:44', 'Europe/Berlin');

  it.each<[string, WeeklyWindow, string, string | undefined]>([
    // EU: 2026-03-29 01:00Z clocks go 02:00 CET → 03:00 CEST; 2026-10-25 01:00Z 03:00 CEST → 02:00 CET.
    ['Fri 16:30 CET (before DST)', berlinWeekend, '2026-03-27T15:30:00Z', '2026-03-27T23:00:00.000Z'],
    ['Fri 15:59:59 CET is before the window', berlinWeekend, '2026-03-27T14:59:59Z', undefined],
    ['Sun 00:30 CET: Saturday\'s window ended at midnight', berlinWeekend, '2026-03-28T23:30:00Z', undefined],
    ['Sun 16:30 CEST (after DST): 14:30Z', berlinWeekend, '2026-03-29T14:30:00Z', '2026-03-29T22:00:00.000Z'],
    ['Sun 15:30 CEST = 13:30Z is before 16:00 local', berlinWeekend, '2026-03-29T13:30:00Z', undefined],
    ['Sun 23:59:30 CEST is inside (to is inclusive)', berlinWeekend, '2026-03-29T21:59:30Z', '2026-03-29T22:00:00.000Z'],
    ['the night the clocks go forward is an hour shorter', berlinNights, '2026-03-29T00:30:00Z', '2026-03-29T04:00:00.000Z'],
    ['the night the clocks go back is an hour longer', berlinNights, '2026-10-24T20:30:00Z', '2026-10-25T05:00:00.000Z'],
    ['fall-back: first pass through 02:30 (CEST)', berlinRepeated, '2026-10-25T00:30:00Z', '2026-10-25T02:00:00.000Z'],
    ['fall-back: second pass through 02:30 (CET)', berlinRepeated, '2026-10-25T01:30:00Z', '2026-10-25T02:00:00.000Z'],
    ['spring-forward: a window inside the skipped hour does not occur', berlinGap, '2026-03-29T01:00:00Z', undefined],
    // US: 2026-03-08 07:00Z (02:00 EST → 03:00 EDT); 2026-11-01 06:00Z (02:00 EDT → 01:00 EST).
    ['NY Fri 09:30 EST', nyOffice, '2026-03-06T14:30:00Z', '2026-03-06T22:00:00.000Z'],
    ['NY Mon 09:30 EDT', nyOffice, '2026-03-09T13:30:00Z', '2026-03-09T21:00:00.000Z'],
    ['NY Mon 08:30 EDT = 12:30Z is before the window', nyOffice, '2026-03-09T12:30:00Z', undefined],
    ['NY Saturday night into the spring-forward Sunday', nyNights, '2026-03-08T04:00:00Z', '2026-03-08T10:00:00.000Z'],
    ['NY Saturday night into the fall-back Sunday', nyNights, '2026-11-01T04:00:00Z', '2026-11-01T11:00:00.000Z'],
    ['NY Sunday morning after the window', nyNights, '2026-11-01T11:00:00Z', undefined],
  ])('%s', (_n, w, at, ends) => {
    expect(endOf([w], at)).toBe(ends);
  });

  it('one-off windows are [from, to)', () => {
    const yearEnd = freezeWindow.parse({ name: 'year-end', from: '2026-12-20T00:00:00Z', to: '2027-01-04T00:00:00Z' });
    expect(endOf([yearEnd], '2026-12-24T18:00:00+01:00')).toBe('2027-01-04T00:00:00.000Z');
    expect(endOf([yearEnd], '2026-12-20T00:00:00Z')).toBe('2027-01-04T00:00:00.000Z');
    expect(endOf([yearEnd], '2027-01-04T00:00:00Z')).toBeUndefined();
    expect(endOf([yearEnd], '2026-12-19T23:59:59Z')).toBeUndefined();
  });

  it('windows that touch or overlap chain: the freeze ends when the last one does', () => {
    const sat = weekly(['sat'], '00:00', '23:59', 'UTC', 'sat');
    const sun = weekly(['sun'], '00:00', '23:59', 'UTC', 'sun');
    const release = freezeWindow.parse({ name: 'release', from: '2026-03-30T00:00:00Z', to: '2026-03-30T12:00:00Z' });
    const s = freezeStatus([sat, sun, release], Date.parse('2026-03-28T12:00:00Z'))!;
    expect(s.active.map((a) => a.window.name)).toEqual(['sat']);
    expect(iso(s.endsAt)).toBe('2026-03-30T12:00:00.000Z');
  });

  it('the schema refuses unknown time zones and backwards one-off windows', () => {
    const bad = triggerSection.safeParse({ freeze: [{ name: 'x', days: ['mon'], from: '10:00', to: '11:00', timezone: 'Europe/Atlantis' }] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['freeze', 0, 'timezone']);
    expect(triggerSection.safeParse({ freeze: [{ name: 'x', from: '2027-01-04T00:00:00Z', to: '2026-12-20T00:00:00Z' }] }).success).toBe(false);
    expect(triggerSection.safeParse({ freeze: [{ name: 'x', days: ['mon'], from: '24:00', to: '11:00' }] }).success).toBe(false);
  });
});

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Sao_Paulo', 'Pacific/Chatham', 'Europe/London'];
const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const weeklyArb = fc
  .record({ days: fc.uniqueArray(fc.constantFrom(...WEEKDAYS), { minLength: 1, maxLength: 7 }), from: hhmm, to: hhmm, timezone: fc.constantFrom(...ZONES) })
  .map((w) => weekly(w.days, w.from, w.to, w.timezone));
const oneOffArb = fc
  .tuple(fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2028-01-01T00:00:00Z') }), fc.integer({ min: 60_000, max: 10 * 86_400_000 }))
  .map(([from, len]) => freezeWindow.parse({ name: 'o', from: new Date(from).toISOString(), to: new Date(from + len).toISOString() }));
const instant = fc.integer({ min: Date.parse('2025-06-01T00:00:00Z'), max: Date.parse('2027-06-01T00:00:00Z') }).map((t) => Math.floor(t / 1000) * 1000);

/** Reference: minute-of-week arithmetic on the wall clock (no calendar maths at all). */
function referenceActive(w: WeeklyWindow, t: number): boolean {
  const wc = wallClock(t, w.timezone ?? 'UTC');
  const m = wc.weekday * 1440 + wc.hour * 60 + wc.minute;
  const [fh, fm] = w.from.split(':').map(Number) as [number, number];
  const [th, tm] = w.to.split(':').map(Number) as [number, number];
  const from = fh * 60 + fm;
  const to = th * 60 + tm;
  const len = (to >= from ? to - from : to + 1440 - from) + 1;
  return w.days.some((d) => {
    const start = WEEKDAYS.indexOf(d) * 1440 + from;
    return (((m - start) % 10080) + 10080) % 10080 < len;
  });
}

describe('window arithmetic properties (fast-check)', () => {
  it('a weekly window is active exactly when minute-of-week arithmetic says so', () => {
    fc.assert(fc.property(weeklyArb, instant, (w, t) => (weeklyOccurrence(w, t) !== undefined) === referenceActive(w, t)), { numRuns: 400 });
  });

  it('the freeze end is later than now, the freeze holds just before it and is over at it', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(weeklyArb, oneOffArb), { minLength: 1, maxLength: 4 }), instant, fc.double({ min: 0, max: 1, noNaN: true }), (windows, t, frac) => {
        const s = freezeStatus(windows, t);
        if (!s) return activeWindows(windows, t).length === 0;
        if (s.endsAt <= t) return false;
        if (s.capped) return freezeStatus(windows, s.endsAt) !== undefined; // a freeze longer than the look-ahead
        if (freezeStatus(windows, s.endsAt) !== undefined) return false;
        const inside = t + Math.floor((s.endsAt - t - 1) * frac);
        return freezeStatus(windows, inside) !== undefined && freezeStatus(windows, s.endsAt - 1) !== undefined;
      }),
      { numRuns: 300 },
    );
  });

  it('an occurrence ends at the wall-clock minute after `to` (or at the end of a skipped hour)', () => {
    fc.assert(
      fc.property(weeklyArb, instant, (w, t) => {
        const occ = weeklyOccurrence(w, t);
        if (!occ) return true;
        const end = wallClock(occ.endsAt, w.timezone ?? 'UTC');
        const [th, tm] = w.to.split(':').map(Number) as [number, number];
        const want = (th * 60 + tm + 1) % 1440;
        const got = end.hour * 60 + end.minute;
        // In a spring-forward gap the end wall time does not exist; the occurrence ends when the gap ends (later wall time).
        return got === want || wallClock(occ.endsAt - 1000, w.timezone ?? 'UTC').hour * 60 + wallClock(occ.endsAt - 1000, w.timezone ?? 'UTC').minute < want;
      }),
      { numRuns: 400 },
    );
  });

  it('wall clock → instant → wall clock is the identity for every time that exists', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (t, tz) => {
        const w = wallClock(t, tz);
        const local = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
        const back = instantOfWallClock(local, tz);
        const again = wallClock(back, tz);
        // Earliest instant with that reading: equal to t, or one pass earlier in a fall-back overlap.
        return back <= t && t - back <= 3_600_000 && again.hour === w.hour && again.minute === w.minute && again.day === w.day;
      }),
      { numRuns: 400 },
    );
  });

  it('a window over every minute of every day is always active', () => {
    fc.assert(fc.property(instant, fc.constantFrom(...ZONES), (t, tz) => weeklyOccurrence(weekly([...WEEKDAYS], '00:00', '23:59', tz), t) !== undefined), { numRuns: 200 });
  });
});

describe('wallClock under jest (Intl fallback: jest gives tests a copy of process.env)', () => {
  it('sees that TZ cannot be switched here, and says so instead of reading UTC', () => {
    expect(inTimeZone('Asia/Tokyo', () => new Date(0).getTimezoneOffset())).toBeUndefined();
  });

  it('agrees with the fixed-offset arithmetic of UTC zones at any instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('1990-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }), (t) => {
        expect(wallClock(t, 'UTC')).toEqual(wallClock(t, 'Etc/UTC'));
      }),
      { numRuns: 300 },
    );
  });

  it.each([undefined, 'America/Sao_Paulo'])('leaves the process time zone as it found it (TZ=%s)', (tz) => {
    const saved = process.env.TZ;
    try {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
      wallClock(Date.parse('2026-06-01T12:00:00Z'), 'Asia/Kolkata');
      expect(process.env.TZ).toBe(tz);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
