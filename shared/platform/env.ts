/** The one place that reads the process environment. Everything else receives an Env. */
export type Env = Readonly<Record<string, string | undefined>>;

export function processEnv(): Env {
  return process.env;
}

/**
 * Runs `read` with the process's local time zone set to `timeZone` (an IANA name), then puts TZ
 * back as it was. Date's local-time getters then give that zone's wall clock from V8's own zone
 * rules: free at start-up, where the first Intl.DateTimeFormat costs ~20 ms of ICU set-up, a
 * seventh of a whole verify-trigger run. `read` is synchronous, so nothing else runs while TZ is
 * changed. Returns undefined where a change of TZ does not reach the zone rules (process.env is a
 * copy under jest and in worker threads; Windows reads its own setting): callers then use Intl.
 * An unknown zone name would read as UTC, so callers pass only zones the policy validated.
 */
export function inTimeZone<T>(timeZone: string, read: () => T): T | undefined {
  if (!(tzFollowsEnv ??= probeTz())) return undefined;
  return withTz(timeZone, read);
}

let tzFollowsEnv: boolean | undefined;
/** Two zones with different fixed offsets at 1970-01-01: a TZ already set cannot pass for both. */
function probeTz(): boolean {
  return withTz('Asia/Tokyo', () => new Date(0).getTimezoneOffset()) === -540 && withTz('Pacific/Honolulu', () => new Date(0).getTimezoneOffset()) === 600;
}

function withTz<T>(timeZone: string, read: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = timeZone;
  try {
    return read();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}
