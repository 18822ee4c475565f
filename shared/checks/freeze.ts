import type { FreezeWindow } from '../policy/sections/trigger.js';
import { WEEKDAYS } from '../policy/sections/trigger.js';
import { inTimeZone } from '../platform/env.js';

/**
 * Freeze windows, pure: given the windows and an instant, which windows are active and when the
 * freeze (the union of overlapping or back-to-back windows) ends.
 *
 * Weekly windows are judged in local wall-clock time of their IANA time zone (the zone rules
 * Date applies under TZ: the tz data Intl.DateTimeFormat reads too), so they follow daylight-
 * saving changes: "16:00" is 16:00 on the wall clock in both winter and summer. A window starts on each of `days` at `from` and covers every
 * minute through `to` inclusive; `to` earlier than `from` carries it over midnight into the next
 * day; `to` equal to `from` covers that one minute. In a spring-forward gap the skipped wall times
 * do not exist: a window reaching past the gap is in force from the first existing minute after
 * it, one lying wholly inside the gap does not occur that day; in a fall-back overlap both passes
 * through the repeated hour are judged by their wall-clock time.
 * One-off windows are instants: [from, to).
 */

export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday. */
  weekday: number;
}

/** The wall-clock reading of an instant in a time zone. */
export function wallClock(instantMs: number, timeZone: string): WallClock {
  const d = new Date(instantMs);
  if (timeZone === 'UTC') {
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), weekday: d.getUTCDay() };
  }
  return (
    inTimeZone(timeZone, () => ({ year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes(), second: d.getSeconds(), weekday: d.getDay() })) ??
    intlWallClock(d, timeZone)
  );
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const SHORT_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** The same reading through ICU's formatter, where the process time zone cannot be switched. */
function intlWallClock(d: Date, timeZone: string): WallClock {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' });
    formatters.set(timeZone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(d)) parts[p.type] = p.value;
  const field = (k: string) => Number(parts[k]);
  return { year: field('year'), month: field('month'), day: field('day'), hour: field('hour') % 24, minute: field('minute'), second: field('second'), weekday: SHORT_DAYS.indexOf(parts.weekday ?? '') };
}

/** Wall-clock fields as if they were UTC: a monotone "local minute line" for comparisons. */
function localMs(w: Pick<WallClock, 'year' | 'month' | 'day' | 'hour' | 'minute'> & { second?: number }): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second ?? 0);
}

/** Offset of the zone from UTC at an instant, in ms (local − UTC). */
function offsetAt(instantMs: number, timeZone: string): number {
  const floor = Math.floor(instantMs / 1000) * 1000;
  return localMs(wallClock(floor, timeZone)) - floor;
}

/**
 * The earliest instant whose wall clock in `timeZone` reads `local` (as a local-minute-line value)
 * or later: exact for ordinary times, the first repeated pass in a fall-back overlap, and the end
 * of the gap for wall times a spring-forward skips.
 */
export function instantOfWallClock(local: number, timeZone: string): number {
  // Offsets of real zones lie within ±18 h; try the offsets seen around the guess.
  const candidates = new Set<number>();
  for (const probe of [local - 36e5 * 18, local - 36e5 * 6, local, local + 36e5 * 6, local + 36e5 * 18]) candidates.add(offsetAt(probe, timeZone));
  for (const around of [local - 864e5, local + 864e5]) candidates.add(offsetAt(around, timeZone));
  let best: number | undefined;
  for (const off of candidates) {
    const t = local - off;
    if (localMs(wallClock(t, timeZone)) === local && (best === undefined || t < best)) best = t;
  }
  if (best !== undefined) return best;
  // In a gap: the wall time never occurs; the zone jumps over it. Take the instant of the jump.
  const before = local - Math.max(...candidates);
  const after = local - Math.min(...candidates);
  let lo = Math.min(before, after);
  let hi = Math.max(before, after);
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2 / 1000) * 1000;
    if (localMs(wallClock(mid, timeZone)) >= local) hi = mid;
    else lo = mid;
  }
  return hi;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

export type WeeklyWindow = Extract<FreezeWindow, { days: unknown }>;
export type OneOffWindow = Exclude<FreezeWindow, WeeklyWindow>;
export const isWeekly = (w: FreezeWindow): w is WeeklyWindow => 'days' in w;

export interface ActiveWindow {
  window: FreezeWindow;
  /** When this occurrence of the window ends (exclusive), epoch ms. */
  endsAt: number;
}

/** The occurrence of a weekly window in force at an instant, if any, with its end. */
export function weeklyOccurrence(w: WeeklyWindow, instantMs: number): ActiveWindow | undefined {
  const tz = w.timezone ?? 'UTC';
  const now = wallClock(instantMs, tz);
  const nowLocal = localMs(now);
  const from = minutesOf(w.from);
  const to = minutesOf(w.to);
  const length = (to >= from ? to - from : to + 1440 - from) + 1; // inclusive of the last minute
  // An occurrence starting today or yesterday (local dates) can cover now (length ≤ 24 h).
  for (const back of [0, 1]) {
    const startDay = new Date(Date.UTC(now.year, now.month - 1, now.day - back));
    const weekday = startDay.getUTCDay();
    if (!w.days.includes(WEEKDAYS[weekday]!)) continue;
    const start = startDay.getTime() + from * 60_000;
    const end = start + length * 60_000;
    if (nowLocal >= start && nowLocal < end) return { window: w, endsAt: instantOfWallClock(end, tz) };
  }
  return undefined;
}

export function activeWindows(windows: readonly FreezeWindow[], instantMs: number): ActiveWindow[] {
  const active: ActiveWindow[] = [];
  for (const w of windows) {
    if (isWeekly(w)) {
      const occ = weeklyOccurrence(w, instantMs);
      if (occ) active.push(occ);
    } else {
      const from = Date.parse(w.from);
      const to = Date.parse(w.to);
      if (instantMs >= from && instantMs < to) active.push({ window: w, endsAt: to });
    }
  }
  return active;
}

export interface FreezeStatus {
  /** Windows in force at the instant. */
  active: ActiveWindow[];
  /** When runs are allowed again: the end of the union of windows chained from now. */
  endsAt: number;
  /** The windows chain on past the look-ahead (64 links): `endsAt` is a lower bound. */
  capped: boolean;
}

/** Whether a freeze is in force, and until when (following windows that overlap or touch). */
export function freezeStatus(windows: readonly FreezeWindow[], instantMs: number): FreezeStatus | undefined {
  const active = activeWindows(windows, instantMs);
  if (active.length === 0) return undefined;
  let endsAt = Math.max(...active.map((a) => a.endsAt));
  for (let i = 0; i < 64; i++) {
    const next = activeWindows(windows, endsAt);
    if (next.length === 0) return { active, endsAt, capped: false };
    endsAt = Math.max(endsAt + 1, ...next.map((a) => a.endsAt));
  }
  return { active, endsAt, capped: true };
}

/** "fri, sat, sun 16:00–23:59 Europe/Berlin" or "2026-12-20T00:00:00Z – 2027-01-04T00:00:00Z". */
export function describeWindow(w: FreezeWindow): string {
  return isWeekly(w) ? `${w.days.join(', ')} ${w.from}–${w.to} ${w.timezone ?? 'UTC'}` : `${w.from} – ${w.to}`;
}

/** An instant as ISO UTC plus the wall clock in a zone: "2026-11-27T23:00:00.000Z (2026-11-28 00:00 Europe/Berlin)". */
export function describeInstant(instantMs: number, timeZone?: string): string {
  const iso = new Date(instantMs).toISOString();
  if (!timeZone || timeZone === 'UTC') return iso;
  const w = wallClock(instantMs, timeZone);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${iso} (${w.year}-${p2(w.month)}-${p2(w.day)} ${p2(w.hour)}:${p2(w.minute)} ${timeZone})`;
}
