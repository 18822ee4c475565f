export const id = 105;
export const ids = [105];
export const modules = {

/***/ 105:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  "default": () => (/* binding */ verify_trigger)
});

;// CONCATENATED MODULE: ./shared/context/events.ts
/** GitHub `event_name` values (workflow triggers). */
const GITHUB_EVENTS = [
    'branch_protection_rule', 'check_run', 'check_suite', 'create', 'delete', 'deployment', 'deployment_status',
    'discussion', 'discussion_comment', 'fork', 'gollum', 'image_version', 'issue_comment', 'issues', 'label',
    'merge_group', 'milestone', 'page_build', 'public', 'pull_request', 'pull_request_review',
    'pull_request_review_comment', 'pull_request_target', 'push', 'registry_package', 'release',
    'repository_dispatch', 'schedule', 'status', 'watch', 'workflow_call', 'workflow_dispatch', 'workflow_run',
];
/** GitLab `CI_PIPELINE_SOURCE` values. */
const GITLAB_PIPELINE_SOURCES = [
    'api', 'chat', 'external', 'external_pull_request_event', 'merge_request_event', 'ondemand_dast_scan',
    'ondemand_dast_validation', 'parent_pipeline', 'pipeline', 'push', 'schedule', 'security_orchestration_policy',
    'trigger', 'web', 'webide',
];
/** CircleCI `pipeline.trigger_source` values, plus `unknown` when the orb could not pass it. */
const CIRCLECI_TRIGGER_SOURCES = ['webhook', 'api', 'scheduled_pipeline', 'unknown'];
/** The event of a context built from git on a workstation. */
const LOCAL_EVENTS = ['local'];
const NATIVE_EVENTS = Object.freeze({
    github: GITHUB_EVENTS,
    gitlab: GITLAB_PIPELINE_SOURCES,
    circleci: CIRCLECI_TRIGGER_SOURCES,
    local: LOCAL_EVENTS,
});
const row = (github, gitlab, circleci, local = []) => Object.freeze({ github: Object.freeze(github), gitlab: Object.freeze(gitlab), circleci: Object.freeze(circleci), local: Object.freeze(local) });
/**
 * Portable event names → each platform's native names. Rules of the table (tested):
 * - an alias that is itself a native name on a platform maps to exactly that name there, so
 *   writing a native name never silently allows more;
 * - dangerous variants are never folded in: `pull-request` is GitHub `pull_request` only, not
 *   `pull_request_target` (which runs with secrets on fork code) — name it natively if you mean it.
 * Some aliases are narrowed further by ALIAS_REFINEMENTS (e.g. `tag` = a push of a tag).
 */
const EVENT_ALIASES = Object.freeze({
    push: row(['push'], ['push'], ['webhook']),
    tag: row(['push'], ['push'], ['webhook']),
    'pull-request': row(['pull_request'], ['merge_request_event', 'external_pull_request_event'], ['webhook']),
    'merge-request': row(['pull_request'], ['merge_request_event', 'external_pull_request_event'], ['webhook']),
    schedule: row(['schedule'], ['schedule'], ['scheduled_pipeline']),
    manual: row(['workflow_dispatch'], ['web'], []),
    api: row(['repository_dispatch'], ['api'], ['api']),
    comment: row(['issue_comment'], [], []),
    release: row(['release'], [], []),
    upstream: row(['workflow_run'], ['pipeline', 'parent_pipeline'], []),
    'merge-queue': row(['merge_group'], [], []),
    local: row([], [], [], ['local']),
});
const isTag = (ctx) => ctx.refType === 'tag';
const isPullRequest = (ctx) => ctx.pullRequestNumber !== undefined || ctx.refType === 'pull' || ctx.refType === 'merge-request';
/** Extra conditions an alias puts on a native event (alias → platform → condition). */
const ALIAS_REFINEMENTS = Object.freeze({
    tag: Object.freeze({
        github: { description: 'and the ref is refs/tags/…', test: isTag },
        gitlab: { description: 'and the ref is refs/tags/…', test: isTag },
        circleci: { description: 'and the ref is refs/tags/…', test: isTag },
    }),
    push: Object.freeze({
        circleci: { description: 'and the build is of a branch or tag of this repository (not a fork pull request)', test: (ctx) => ctx.refType === 'branch' || ctx.refType === 'tag' },
    }),
    'pull-request': Object.freeze({
        circleci: { description: 'and the build belongs to a pull request (CIRCLE_PULL_REQUEST or CIRCLE_PR_NUMBER)', test: isPullRequest },
    }),
    'merge-request': Object.freeze({
        circleci: { description: 'and the build belongs to a pull request (CIRCLE_PULL_REQUEST or CIRCLE_PR_NUMBER)', test: isPullRequest },
    }),
});
function isEventAlias(name) {
    return Object.hasOwn(EVENT_ALIASES, name);
}
/**
 * Whether an allowed event (a native name or a portable alias, exact and case-sensitive) covers
 * the context's event. A native name matches only itself.
 */
function eventMatches(allowed, ctx) {
    if (allowed === ctx.event)
        return true;
    if (!isEventAlias(allowed))
        return false;
    const natives = EVENT_ALIASES[allowed][ctx.platform];
    if (!natives.includes(ctx.event))
        return false;
    const refinements = ALIAS_REFINEMENTS[allowed];
    const refinement = refinements !== undefined && Object.hasOwn(refinements, ctx.platform) ? refinements[ctx.platform] : undefined;
    return refinement === undefined || refinement.test(ctx);
}
/** What an allowed event stands for on a platform, for messages: `pull-request` → `pull_request`. */
function describeAllowedEvent(allowed, platform) {
    if (!isEventAlias(allowed))
        return allowed;
    const natives = EVENT_ALIASES[allowed][platform];
    if (natives.length === 0)
        return `${allowed} (no ${platform} event)`;
    const refinements = ALIAS_REFINEMENTS[allowed];
    const r = refinements !== undefined && Object.hasOwn(refinements, platform) ? refinements[platform] : undefined;
    return `${allowed} (${natives.join(' | ')}${r ? ` ${r.description}` : ''})`;
}

// EXTERNAL MODULE: ./shared/context/refs.ts
var refs = __webpack_require__(9242);
// EXTERNAL MODULE: ./shared/policy/sections/trigger.ts
var trigger = __webpack_require__(5770);
// EXTERNAL MODULE: ./shared/platform/env.ts
var env = __webpack_require__(151);
;// CONCATENATED MODULE: ./shared/checks/freeze.ts


/** The wall-clock reading of an instant in a time zone. */
function wallClock(instantMs, timeZone) {
    const d = new Date(instantMs);
    if (timeZone === 'UTC') {
        return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), weekday: d.getUTCDay() };
    }
    return ((0,env/* inTimeZone */.N)(timeZone, () => ({ year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes(), second: d.getSeconds(), weekday: d.getDay() })) ??
        intlWallClock(d, timeZone));
}
const formatters = new Map();
const SHORT_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** The same reading through ICU's formatter, where the process time zone cannot be switched. */
function intlWallClock(d, timeZone) {
    let f = formatters.get(timeZone);
    if (!f) {
        f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' });
        formatters.set(timeZone, f);
    }
    const parts = {};
    for (const p of f.formatToParts(d))
        parts[p.type] = p.value;
    const field = (k) => Number(parts[k]);
    return { year: field('year'), month: field('month'), day: field('day'), hour: field('hour') % 24, minute: field('minute'), second: field('second'), weekday: SHORT_DAYS.indexOf(parts.weekday ?? '') };
}
/** Wall-clock fields as if they were UTC: a monotone "local minute line" for comparisons. */
function localMs(w) {
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second ?? 0);
}
/** Offset of the zone from UTC at an instant, in ms (local − UTC). */
function offsetAt(instantMs, timeZone) {
    const floor = Math.floor(instantMs / 1000) * 1000;
    return localMs(wallClock(floor, timeZone)) - floor;
}
/**
 * The earliest instant whose wall clock in `timeZone` reads `local` (as a local-minute-line value)
 * or later: exact for ordinary times, the first repeated pass in a fall-back overlap, and the end
 * of the gap for wall times a spring-forward skips.
 */
function instantOfWallClock(local, timeZone) {
    // Offsets of real zones lie within ±18 h; try the offsets seen around the guess.
    const candidates = new Set();
    for (const probe of [local - 36e5 * 18, local - 36e5 * 6, local, local + 36e5 * 6, local + 36e5 * 18])
        candidates.add(offsetAt(probe, timeZone));
    for (const around of [local - 864e5, local + 864e5])
        candidates.add(offsetAt(around, timeZone));
    let best;
    for (const off of candidates) {
        const t = local - off;
        if (localMs(wallClock(t, timeZone)) === local && (best === undefined || t < best))
            best = t;
    }
    if (best !== undefined)
        return best;
    // In a gap: the wall time never occurs; the zone jumps over it. Take the instant of the jump.
    const before = local - Math.max(...candidates);
    const after = local - Math.min(...candidates);
    let lo = Math.min(before, after);
    let hi = Math.max(before, after);
    while (hi - lo > 1000) {
        const mid = Math.floor((lo + hi) / 2 / 1000) * 1000;
        if (localMs(wallClock(mid, timeZone)) >= local)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}
function minutesOf(hhmm) {
    const [h, m] = hhmm.split(':');
    return Number(h) * 60 + Number(m);
}
const isWeekly = (w) => 'days' in w;
/** The occurrence of a weekly window in force at an instant, if any, with its end. */
function weeklyOccurrence(w, instantMs) {
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
        if (!w.days.includes(trigger/* WEEKDAYS */.w4[weekday]))
            continue;
        const start = startDay.getTime() + from * 60_000;
        const end = start + length * 60_000;
        if (nowLocal >= start && nowLocal < end)
            return { window: w, endsAt: instantOfWallClock(end, tz) };
    }
    return undefined;
}
function activeWindows(windows, instantMs) {
    const active = [];
    for (const w of windows) {
        if (isWeekly(w)) {
            const occ = weeklyOccurrence(w, instantMs);
            if (occ)
                active.push(occ);
        }
        else {
            const from = Date.parse(w.from);
            const to = Date.parse(w.to);
            if (instantMs >= from && instantMs < to)
                active.push({ window: w, endsAt: to });
        }
    }
    return active;
}
/** Whether a freeze is in force, and until when (following windows that overlap or touch). */
function freezeStatus(windows, instantMs) {
    const active = activeWindows(windows, instantMs);
    if (active.length === 0)
        return undefined;
    let endsAt = Math.max(...active.map((a) => a.endsAt));
    for (let i = 0; i < 64; i++) {
        const next = activeWindows(windows, endsAt);
        if (next.length === 0)
            return { active, endsAt, capped: false };
        endsAt = Math.max(endsAt + 1, ...next.map((a) => a.endsAt));
    }
    return { active, endsAt, capped: true };
}
/** "fri, sat, sun 16:00–23:59 Europe/Berlin" or "2026-12-20T00:00:00Z – 2027-01-04T00:00:00Z". */
function describeWindow(w) {
    return isWeekly(w) ? `${w.days.join(', ')} ${w.from}–${w.to} ${w.timezone ?? 'UTC'}` : `${w.from} – ${w.to}`;
}
/** An instant as ISO UTC plus the wall clock in a zone: "2026-11-27T23:00:00.000Z (2026-11-28 00:00 Europe/Berlin)". */
function describeInstant(instantMs, timeZone) {
    const iso = new Date(instantMs).toISOString();
    if (!timeZone || timeZone === 'UTC')
        return iso;
    const w = wallClock(instantMs, timeZone);
    const p2 = (n) => String(n).padStart(2, '0');
    return `${iso} (${w.year}-${p2(w.month)}-${p2(w.day)} ${p2(w.hour)}:${p2(w.minute)} ${timeZone})`;
}

// EXTERNAL MODULE: ./shared/checks/refs.ts
var checks_refs = __webpack_require__(3986);
;// CONCATENATED MODULE: ./shared/checks/trigger.ts




function runIdentities(ctx) {
    const ids = [];
    const add = (login, as) => {
        if (login !== undefined && login !== '')
            ids.push({ login, as });
    };
    add(ctx.actor, 'actor');
    if (ctx.triggeringActor !== ctx.actor)
        add(ctx.triggeringActor, 'triggering actor');
    add(ctx.prAuthor, 'pull request author');
    add(ctx.commentAuthor, 'comment author');
    return ids;
}
const PERMISSION_ORDER = ['read', 'triage', 'write', 'maintain', 'admin'];
/** Whether a login belongs to a role; `undefined` when it depends on a fact that was not fetched. */
function roleAdmits(role, login, facts) {
    if (role.users?.includes(login))
        return true;
    let unknown = false;
    for (const team of role.teams ?? []) {
        const member = facts.teamMember?.(login, team);
        if (member === true)
            return true;
        if (member === undefined)
            unknown = true;
    }
    if (role.permission !== undefined) {
        const has = facts.permission?.(login);
        if (has === undefined)
            unknown = true;
        else if (PERMISSION_ORDER.includes(has) && PERMISSION_ORDER.indexOf(has) >= PERMISSION_ORDER.indexOf(role.permission))
            return true;
    }
    return unknown ? undefined : false;
}
const at = (input, ...path) => input.ruleSource(['trigger', ...path]);
const factsOf = (input) => ('roles' in input.facts ? input.facts : { roles: input.facts });
const fmt = (v) => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v));
/** The default associations allowed to command a run by comment. */
const DEFAULT_COMMENT_ASSOCIATIONS = ['OWNER', 'MEMBER', 'COLLABORATOR'];
/** Events that run with the base repository's secrets and write token whatever code they are handed. */
const PRIVILEGED_EVENTS = ['pull_request_target', 'workflow_run'];
/** `identity: oidc`: the run's identity must come from a verified token, and the environment must agree with it. */
const identity = (input) => {
    if (input.trigger.identity !== 'oidc')
        return undefined;
    const fact = factsOf(input).identity;
    const base = { rule: 'trigger.identity', required: 'a verified OIDC token whose claims agree with the environment', ...at(input, 'identity') };
    if (!fact)
        return { ...base, status: 'fail', message: 'the OIDC token was not requested, so the identity of this run is unverified', seen: 'no token' };
    if (!fact.ok)
        return { ...base, status: 'fail', message: `the identity of this run cannot be verified: ${fact.problem}`, seen: 'no verified token' };
    const { mismatches, issuer, subject } = fact.value;
    if (mismatches.length > 0) {
        return {
            ...base,
            status: 'fail',
            message: `the environment disagrees with the verified OIDC token (tampered variables?): ${mismatches.map((m) => `${m.field} is ${fmt(m.env)} in the environment but ${fmt(m.claims)} in the token`).join('; ')}`,
            seen: Object.fromEntries(mismatches.map((m) => [m.field, { env: m.env, claims: m.claims }])),
        };
    }
    return { ...base, status: 'pass', message: `identity verified from an OIDC token of ${issuer} (sub ${subject}); the environment agrees with it`, seen: { issuer, subject } };
};
/** The refs must be safe to interpolate before anything else looks at them. */
const refCharset = (input) => {
    if (input.trigger['ref-charset'] === 'any')
        return undefined;
    const ctx = input.context;
    const refs = [
        ['ref', ctx.ref],
        ['head ref', ctx.headRef],
        ['base ref', ctx.baseRef],
    ];
    const problems = [];
    for (const [what, ref] of refs) {
        if (ref === undefined)
            continue;
        const problem = (0,checks_refs/* refCharsetProblem */.Pb)(ref);
        if (problem)
            problems.push(`${what} ${JSON.stringify(ref)} contains characters a ref should never carry (${problem})`);
    }
    const seen = Object.fromEntries(refs.filter(([, r]) => r !== undefined));
    return {
        rule: 'trigger.ref-charset',
        status: problems.length ? 'fail' : 'pass',
        message: problems.length ? `${problems.join('; ')}: denied before it can reach a shell` : 'refs use only safe characters',
        seen: Object.keys(seen).length === 1 ? ctx.ref : seen,
        required: 'printable ASCII without shell metacharacters (A-Z a-z 0-9 . _ / + @ # = , % -)',
        ...at(input, 'ref-charset'),
    };
};
const events = (input) => {
    const allowed = input.trigger.events;
    if (!allowed)
        return undefined;
    const { context: ctx } = input;
    const ok = allowed.some((e) => eventMatches(e, ctx));
    return {
        rule: 'trigger.events',
        status: ok ? 'pass' : 'fail',
        message: ok ? `event ${ctx.event} is allowed` : `event ${ctx.event} is not allowed here (allowed: ${allowed.map((e) => describeAllowedEvent(e, ctx.platform)).join(', ')})`,
        seen: ctx.event,
        required: allowed,
        ...at(input, 'events'),
    };
};
/**
 * pull_request_target and workflow_run run the base repository's workflow with its secrets and a
 * write token, so where the code under test came from is what matters: fork code is denied
 * unless the policy says `privileged-events: allow`. Judged even when `forks` is not set.
 */
const privilegedEvent = (input) => {
    const ctx = input.context;
    if (ctx.platform !== 'github' && ctx.platform !== 'local')
        return undefined;
    if (!PRIVILEGED_EVENTS.includes(ctx.event))
        return undefined;
    const setting = input.trigger['privileged-events'] ?? 'deny-fork-code';
    const base = { rule: 'trigger.privileged-event', required: setting === 'allow' ? 'any (privileged-events: allow)' : `code from ${ctx.repository}`, ...at(input, 'privileged-events') };
    if (ctx.event === 'workflow_run') {
        const from = ctx.upstreamHeadRepository ?? refs/* UNKNOWN_HEAD_REPOSITORY */.nD;
        const fork = from !== ctx.repository;
        const fail = fork && setting !== 'allow';
        return {
            ...base,
            status: fail ? 'fail' : 'pass',
            message: fork
                ? `workflow_run started by a ${ctx.upstreamEvent ?? 'unknown'} run on code from ${from}, not ${ctx.repository}${fail ? ': a privileged run must not act on fork code (its artifacts and outputs are attacker-controlled)' : ' (allowed by privileged-events: allow)'}`
                : `workflow_run started by a ${ctx.upstreamEvent ?? 'unknown'} run on code from ${ctx.repository}`,
            seen: { event: ctx.event, upstreamEvent: ctx.upstreamEvent, headRepository: from },
        };
    }
    const from = ctx.headRepository ?? refs/* UNKNOWN_HEAD_REPOSITORY */.nD;
    const to = ctx.baseRepository ?? ctx.repository;
    const fork = from !== to;
    const fail = fork && setting !== 'allow';
    return {
        ...base,
        status: fail ? 'fail' : 'pass',
        message: fork
            ? `pull_request_target on a pull request from ${from} into ${to}${fail ? ': it runs with the base repository\'s secrets and write token, so fork code must never reach it (pwn request)' : ' (allowed by privileged-events: allow)'}`
            : `pull_request_target on a pull request from ${to} itself`,
        seen: { event: ctx.event, headRepository: from, headRef: ctx.headRef },
    };
};
/** issue_comment runs: the comment author's association, the command word, and (optionally) the pinned head SHA. */
const comment = (input) => {
    const ctx = input.context;
    if (ctx.event !== 'issue_comment')
        return undefined;
    const policy = input.trigger.comment ?? {};
    const associations = policy.associations ?? DEFAULT_COMMENT_ASSOCIATIONS;
    const command = policy.command ?? input.commentCommand;
    const problems = [];
    const association = ctx.commentAuthorAssociation ?? '(none)';
    if (!associations.includes(association))
        problems.push(`comment author ${ctx.commentAuthor ?? '(unknown)'} is ${association}, not one of ${associations.join(', ')}`);
    const words = commandWords(ctx.commentBody);
    if (command !== undefined && words[0] !== command)
        problems.push(`the comment does not start with the command ${command} (it starts with ${JSON.stringify(words[0] ?? '')})`);
    return {
        rule: 'trigger.comment',
        status: problems.length ? 'fail' : 'pass',
        message: problems.length ? problems.join('; ') : `comment ${command ?? ''} by ${ctx.commentAuthor} (${association})`.replace('  ', ' '),
        seen: { author: ctx.commentAuthor, association: ctx.commentAuthorAssociation, command: words[0] },
        required: { associations, ...(command !== undefined ? { command } : {}) },
        ...at(input, input.trigger.comment ? 'comment' : 'events'),
    };
};
/** "/deploy 1a2b3c4" → ["/deploy", "1a2b3c4"]: the first line, split on blanks. */
function commandWords(body) {
    if (body === undefined)
        return [];
    const first = body.replace(/^\s+/, '').split(/\r?\n/, 1)[0] ?? '';
    return first.split(/[ \t]+/).filter((w) => w !== '');
}
/**
 * `comment.pin-head-sha: required`: the commenter names the head SHA they reviewed
 * (`/deploy <7–40 hex>`); the pull request's head, looked up through the API when the run
 * starts, must still begin with it. A push after the comment (time-of-check/time-of-use) denies.
 */
const commentSha = (input) => {
    const ctx = input.context;
    if (ctx.event !== 'issue_comment' || input.trigger.comment?.['pin-head-sha'] !== 'required')
        return undefined;
    const named = commandWords(ctx.commentBody)[1];
    const base = { rule: 'trigger.comment-sha', required: 'the comment names the current pull request head SHA (7–40 hex)', ...at(input, 'comment', 'pin-head-sha') };
    if (named === undefined || !/^[0-9a-f]{7,40}$/.test(named)) {
        return { ...base, status: 'fail', message: `the comment names no head SHA after the command (write e.g. "${commandWords(ctx.commentBody)[0] ?? '/deploy'} <sha>")`, seen: named ?? null };
    }
    const pr = factsOf(input).pullRequest;
    if (pr && !pr.ok)
        return { ...base, status: 'fail', message: `the pull request head could not be looked up: ${pr.problem}`, seen: named };
    if (ctx.headSha === undefined)
        return { ...base, status: 'fail', message: 'the pull request head SHA is unknown (it is not in an issue_comment payload; pass github-token so it can be looked up)', seen: named };
    const ok = ctx.headSha.startsWith(named);
    return {
        ...base,
        status: ok ? 'pass' : 'fail',
        message: ok ? `the comment pins head ${named}, which is the pull request head ${ctx.headSha}` : `the comment pins ${named} but the pull request head is now ${ctx.headSha}: commits were pushed after the comment`,
        seen: { named, head: ctx.headSha },
    };
};
const trigger_refs = (input) => {
    const allowed = input.trigger.refs;
    if (!allowed)
        return undefined;
    const { ref } = input.context;
    const match = allowed.find((p) => (0,checks_refs/* refMatches */.dX)(p, ref));
    return {
        rule: 'trigger.refs',
        status: match ? 'pass' : 'fail',
        message: match ? `ref ${ref} matches ${match}` : `ref ${ref} matches none of the allowed refs`,
        seen: ref,
        required: allowed,
        ...at(input, 'refs'),
    };
};
const forks = (input) => {
    if (input.trigger.forks !== 'deny')
        return undefined;
    const ctx = input.context;
    const fork = (0,refs/* isFork */.B0)(ctx);
    const from = ctx.upstreamHeadRepository ?? ctx.headRepository ?? ctx.repository;
    const pr = factsOf(input).pullRequest;
    const why = pr && !pr.ok ? ` (the pull request could not be looked up: ${pr.problem})` : '';
    return {
        rule: 'trigger.forks',
        status: fork ? 'fail' : 'pass',
        message: fork ? `the code under test comes from ${from}, not from ${ctx.baseRepository ?? ctx.repository}: runs on fork code are denied${why}` : 'the code under test comes from this repository',
        seen: from,
        required: ctx.baseRepository ?? ctx.repository,
        ...at(input, 'forks'),
    };
};
const actors = (input) => {
    const roleNames = input.trigger.actors;
    if (!roleNames)
        return undefined;
    const ids = runIdentities(input.context);
    const source = at(input, 'actors');
    if (ids.length === 0) {
        return { rule: 'trigger.actors', status: 'fail', message: 'the run names no actor, so no one can be checked against the roles', required: roleNames, ...source };
    }
    const roleFacts = factsOf(input).roles;
    const problems = [];
    const admitted = [];
    for (const id of ids) {
        const verdicts = roleNames.map((name) => [name, roleAdmits(input.roles[name] ?? {}, id.login, roleFacts)]);
        const by = verdicts.find(([, v]) => v === true);
        if (by) {
            admitted.push(`${id.as} ${id.login} (${by[0]})`);
            continue;
        }
        if (verdicts.some(([, v]) => v === undefined)) {
            const problem = roleFacts.problem?.(id.login);
            problems.push(`${id.as} ${id.login} could not be verified: ${problem ?? 'team membership or permission was not looked up'}`);
        }
        else {
            problems.push(`${id.as} ${id.login} is in none of the roles ${roleNames.join(', ')}`);
        }
    }
    return {
        rule: 'trigger.actors',
        status: problems.length ? 'fail' : 'pass',
        message: problems.length ? problems.join('; ') : `${admitted.join(', ')} qualify`,
        seen: Object.fromEntries(ids.map((i) => [i.as, i.login])),
        required: roleNames,
        ...source,
    };
};
const protectedRef = (input) => {
    if (input.trigger['protected-ref'] !== 'required')
        return undefined;
    const ctx = input.context;
    const base = { rule: 'trigger.protected-ref', required: 'a protected branch or tag', ...at(input, 'protected-ref') };
    if (ctx.refType !== 'branch' && ctx.refType !== 'tag') {
        return { ...base, status: 'fail', message: `ref ${ctx.ref} is not a branch or tag, so it cannot be a protected ref`, seen: ctx.ref };
    }
    if (ctx.refProtected !== undefined) {
        const how = ctx.platform === 'gitlab' ? (ctx.identitySource === 'oidc' ? 'the verified OIDC claim ref_protected' : 'CI_COMMIT_REF_PROTECTED') : ctx.identitySource === 'oidc' ? 'the verified OIDC claim ref_protected' : 'the context';
        return {
            ...base,
            status: ctx.refProtected ? 'pass' : 'fail',
            message: ctx.refProtected ? `${ctx.ref} is protected (${how})` : `${ctx.ref} is not protected (${how})`,
            seen: { ref: ctx.ref, protected: ctx.refProtected, source: how },
        };
    }
    const fact = factsOf(input).protection;
    if (!fact)
        return { ...base, status: 'fail', message: `whether ${ctx.ref} is protected was not looked up`, seen: ctx.ref };
    if (!fact.ok)
        return { ...base, status: 'fail', message: `whether ${ctx.ref} is protected cannot be established: ${fact.problem}`, seen: ctx.ref };
    return {
        ...base,
        status: fact.value.protected ? 'pass' : 'fail',
        message: `${ctx.ref} is ${fact.value.protected ? '' : 'not '}protected (${fact.value.how})`,
        seen: { ref: ctx.ref, protected: fact.value.protected, source: fact.value.how },
    };
};
const signedCommits = (input) => {
    if (input.trigger['signed-commits'] !== 'required')
        return undefined;
    const ctx = input.context;
    const sha = ctx.headSha ?? ctx.sha;
    const base = { rule: 'trigger.signed-commits', required: 'a commit whose signature the platform verified', ...at(input, 'signed-commits') };
    const fact = factsOf(input).signature;
    if (!fact)
        return { ...base, status: 'fail', message: `the signature of ${sha} was not looked up`, seen: sha };
    if (!fact.ok)
        return { ...base, status: 'fail', message: `the signature of ${sha} cannot be checked: ${fact.problem}`, seen: sha };
    const { verified, reason } = fact.value;
    return {
        ...base,
        status: verified ? 'pass' : 'fail',
        message: verified ? `commit ${fact.value.sha} has a verified signature` : `commit ${fact.value.sha} has no verified signature (${reason})`,
        seen: { sha: fact.value.sha, verified, reason },
    };
};
/** The workflow file out of a GitHub workflow ref (`owner/repo/.github/workflows/x.yml@refs/heads/main`). */
function workflowPath(ctx) {
    const ref = ctx.workflowRef;
    if (ref === undefined)
        return undefined;
    if (ctx.platform !== 'github')
        return ref;
    const prefix = `${ctx.repository}/`;
    const at = ref.lastIndexOf('@');
    const file = at < 0 ? ref : ref.slice(0, at);
    // A workflow of another repository is named in full so a local glob never matches it.
    return file.startsWith(prefix) ? file.slice(prefix.length) : file;
}
const workflows = (input) => {
    const allowed = input.trigger.workflows;
    if (!allowed)
        return undefined;
    const path = workflowPath(input.context);
    const match = path !== undefined ? allowed.find((p) => (0,checks_refs/* globMatches */.mw)(p, path)) : undefined;
    return {
        rule: 'trigger.workflow',
        status: match ? 'pass' : 'fail',
        message: path === undefined
            ? `the platform names no workflow definition for this run (${input.context.platform}), so it cannot be matched`
            : match
                ? `workflow ${path} matches ${match}`
                : `workflow ${path} is not one of the workflows allowed to run here (a branch can add its own workflow file)`,
        seen: input.context.workflowRef ?? null,
        required: allowed,
        ...at(input, 'workflows'),
    };
};
const runner = (input) => {
    const policy = input.trigger.runner;
    if (!policy)
        return undefined;
    const r = input.context.runner;
    const problems = [];
    if (policy.kinds && !policy.kinds.includes(r.kind))
        problems.push(`runner kind is ${r.kind}, not ${policy.kinds.join(' or ')}`);
    if (policy.names && !(r.name !== undefined && policy.names.some((n) => (0,checks_refs/* globMatches */.mw)(n, r.name))))
        problems.push(`runner ${r.name === undefined ? '(unnamed)' : JSON.stringify(r.name)} is not one of ${policy.names.join(', ')}`);
    return {
        rule: 'trigger.runner',
        status: problems.length ? 'fail' : 'pass',
        message: problems.length ? problems.join('; ') : `runner ${r.name ?? ''} (${r.kind}) is allowed`.replace('  ', ' '),
        seen: { kind: r.kind, name: r.name },
        required: policy,
        ...at(input, 'runner'),
    };
};
const FULL_SHA = /^[0-9a-f]{40}$/;
const pinnedAction = (input) => {
    if (input.trigger['pinned-action'] !== 'sha')
        return undefined;
    const ref = input.context.actionRef;
    const ok = ref !== undefined && FULL_SHA.test(ref);
    return {
        rule: 'trigger.pinned-action',
        status: ok ? 'pass' : 'fail',
        message: ok
            ? `the action is pinned to commit ${ref}`
            : ref === undefined
                ? `the action reference is unknown (${input.context.platform === 'github' ? 'GITHUB_ACTION_REF is empty: a local or docker action' : 'pass the action-ref input'}), so it cannot be shown to be pinned`
                : `the action is referenced by ${JSON.stringify(ref)}, which can be moved; reference it by a full 40-hex commit SHA`,
        seen: ref ?? null,
        required: 'a full 40-hex commit SHA',
        ...at(input, 'pinned-action'),
    };
};
const freeze = (input) => {
    const windows = input.trigger.freeze;
    if (!windows || windows.length === 0)
        return undefined;
    const now = input.now ?? new Date(input.context.time);
    const status = freezeStatus(windows, now.getTime());
    const base = { rule: 'trigger.freeze', required: windows.map((w) => `${w.name}: ${describeWindow(w)}`), ...at(input, 'freeze') };
    if (!status)
        return { ...base, status: 'pass', message: `no freeze window is in force at ${now.toISOString()}`, seen: now.toISOString() };
    const first = status.active[0];
    const tz = isWeekly(first.window) ? first.window.timezone : undefined;
    const index = windows.indexOf(first.window);
    return {
        ...base,
        status: 'fail',
        message: `freeze window ${status.active.map((a) => `"${a.window.name}" (${describeWindow(a.window)})`).join(' and ')} is in force at ${now.toISOString()}; runs are allowed again ${status.capped ? 'no earlier than' : 'from'} ${describeInstant(status.endsAt, tz)}`,
        seen: { at: now.toISOString(), windows: status.active.map((a) => a.window.name), endsAt: new Date(status.endsAt).toISOString() },
        ...at(input, 'freeze', index),
    };
};
/** Rules in evaluation order; each returns undefined when the policy (or the event) does not ask for it. */
const TRIGGER_RULES = [identity, refCharset, events, privilegedEvent, comment, commentSha, trigger_refs, forks, actors, protectedRef, signedCommits, workflows, runner, pinnedAction, freeze];
function triggerChecks(input, rules = TRIGGER_RULES) {
    return rules.map((r) => r(input)).filter((c) => c !== undefined);
}

;// CONCATENATED MODULE: ./shared/trigger/index.ts


const unavailable = (problem) => ({ ok: false, problem });
/** Which forge API answers for this run, and with what token. */
async function forgeApi(req, ctx) {
    const p = req.platform;
    const githubToken = p.input('github-token');
    const gitlabToken = p.input('gitlab-token');
    let kind;
    if (ctx.platform === 'gitlab')
        kind = 'gitlab';
    else if (ctx.platform === 'github')
        kind = 'github';
    else if (githubToken)
        kind = 'github';
    else if (gitlabToken)
        kind = 'gitlab';
    else
        return undefined;
    const token = kind === 'github' ? githubToken : gitlabToken;
    if (!token)
        return { kind, missing: `no ${kind}-token input: pass ${kind === 'github' ? 'github-token (e.g. ${{ github.token }})' : 'gitlab-token (a token with read_api)'} for ${kind === 'github' ? 'GitHub' : 'GitLab'} API lookups` };
    const { forgeClient } = await __webpack_require__.e(/* import() */ 688).then(__webpack_require__.bind(__webpack_require__, 2688));
    return { kind, client: forgeClient(p, kind, { timeoutMs: 10_000, attempts: 3 }) };
}
/** Logins that need a live lookup for `actors`: those no role names outright. */
function loginsNeedingLookup(ctx, trigger, roles) {
    if (!trigger.actors)
        return [];
    const named = new Set(trigger.actors.flatMap((r) => roles[r]?.users ?? []));
    const needsApi = trigger.actors.some((r) => (roles[r]?.teams?.length ?? 0) > 0 || roles[r]?.permission !== undefined);
    if (!needsApi)
        return [];
    return [...new Set(runIdentities(ctx).map((i) => i.login))].filter((l) => !named.has(l));
}
async function gatherFacts(req, trigger) {
    let ctx = { ...req.context, runner: { ...req.context.runner } };
    const facts = { roles: {} };
    const roles = req.policy.roles ?? {};
    // Where GitHub cannot say how the action was referenced, the component/orb passes it in.
    if (ctx.actionRef === undefined && ctx.platform !== 'github') {
        const given = req.platform.input('action-ref');
        if (given)
            ctx.actionRef = given;
    }
    // 1. Identity first: every lookup below must ask about the verified identity, not a tampered one.
    if (trigger.identity === 'oidc') {
        const { verifyRunIdentity } = await __webpack_require__.e(/* import() */ 395).then(__webpack_require__.bind(__webpack_require__, 1395));
        const verified = await verifyRunIdentity(req.platform, ctx, { audience: req.platform.input('oidc-audience'), issuer: req.platform.input('oidc-issuer') });
        facts.identity = verified.fact;
        if (verified.context)
            ctx = verified.context;
    }
    const logins = loginsNeedingLookup(ctx, trigger, roles);
    const commentPr = ctx.event === 'issue_comment' && ctx.pullRequestNumber !== undefined && (ctx.platform === 'github' || ctx.platform === 'local');
    const needProtection = trigger['protected-ref'] === 'required' && ctx.refProtected === undefined && (ctx.refType === 'branch' || ctx.refType === 'tag');
    const needSignature = trigger['signed-commits'] === 'required';
    if (logins.length === 0 && !commentPr && !needProtection && !needSignature)
        return { context: ctx, facts, lookups: 0 };
    const api = await forgeApi(req, ctx);
    const noApi = api?.missing ??
        (api === undefined ? `${ctx.platform} offers no API for this; pass github-token (GitHub-hosted repository) or gitlab-token (GitLab) so it can be looked up` : undefined);
    if (noApi !== undefined || !api?.client) {
        const problem = noApi ?? 'no API client';
        if (logins.length)
            facts.roles = { problem: () => problem };
        if (needProtection)
            facts.protection = unavailable(problem);
        if (needSignature)
            facts.signature = unavailable(problem);
        if (commentPr) {
            facts.pullRequest = unavailable(problem);
            ctx.headRepository = refs/* UNKNOWN_HEAD_REPOSITORY */.nD;
            ctx.baseRepository = ctx.baseRepository ?? ctx.repository;
        }
        return { context: ctx, facts, lookups: 0 };
    }
    const client = counting(api.client);
    const lookups = await __webpack_require__.e(/* import() */ 982).then(__webpack_require__.bind(__webpack_require__, 5982));
    const repo = ctx.repository;
    // 2. A comment run names only the PR number: its head (fork or not, which SHA) and author come from the API.
    if (commentPr) {
        const pr = await lookups.github.pullRequest(client, repo, ctx.pullRequestNumber);
        if (pr.ok) {
            facts.pullRequest = { ok: true, value: { number: pr.value.number } };
            ctx.headRepository = pr.value.headRepository ?? refs/* UNKNOWN_HEAD_REPOSITORY */.nD;
            ctx.baseRepository = pr.value.baseRepository ?? repo;
            if (pr.value.headSha)
                ctx.headSha = pr.value.headSha;
            if (pr.value.headRef)
                ctx.headRef = pr.value.headRef;
            if (pr.value.author)
                ctx.prAuthor = pr.value.author;
        }
        else {
            facts.pullRequest = pr;
            ctx.headRepository = refs/* UNKNOWN_HEAD_REPOSITORY */.nD;
            ctx.baseRepository = ctx.baseRepository ?? repo;
        }
    }
    // 3. Everything else at once.
    const allLogins = commentPr ? loginsNeedingLookup(ctx, trigger, roles) : logins;
    const teams = [...new Set(trigger.actors?.flatMap((r) => roles[r]?.teams ?? []) ?? [])];
    const wantPermission = trigger.actors?.some((r) => roles[r]?.permission !== undefined) ?? false;
    const sha = ctx.headSha ?? ctx.sha;
    const refName = ctx.ref.replace(/^refs\/(heads|tags)\//, '');
    const teamFacts = new Map();
    const permFacts = new Map();
    const jobs = [];
    if (api.kind === 'github') {
        for (const login of allLogins) {
            for (const team of teams)
                jobs.push(lookups.github.teamMember(client, team, login).then((f) => void teamFacts.set(`${login}\n${team}`, f)));
            if (wantPermission)
                jobs.push(lookups.github.permission(client, repo, login).then((f) => void permFacts.set(login, f)));
        }
        if (needProtection)
            jobs.push((ctx.refType === 'tag' ? lookups.github.tagProtected(client, repo, refName) : lookups.github.branchProtected(client, repo, refName)).then((f) => void (facts.protection = f)));
        if (needSignature)
            jobs.push(lookups.github.signature(client, repo, sha).then((f) => void (facts.signature = f)));
    }
    else {
        for (const login of allLogins) {
            jobs.push(lookups.gitlab.userId(client, login).then(async (id) => {
                if (!id.ok) {
                    for (const team of teams)
                        teamFacts.set(`${login}\n${team}`, id);
                    if (wantPermission)
                        permFacts.set(login, id);
                    return;
                }
                if (id.value === undefined) {
                    for (const team of teams)
                        teamFacts.set(`${login}\n${team}`, { ok: true, value: false });
                    if (wantPermission)
                        permFacts.set(login, { ok: true, value: 'none' });
                    return;
                }
                const userId = id.value;
                await Promise.all([
                    ...teams.map((team) => lookups.gitlab.accessLevel(client, 'groups', team, userId).then((f) => void teamFacts.set(`${login}\n${team}`, f.ok ? { ok: true, value: f.value >= 10 } : f))),
                    ...(wantPermission ? [lookups.gitlab.accessLevel(client, 'projects', repo, userId).then((f) => void permFacts.set(login, f.ok ? { ok: true, value: lookups.gitlabPermission(f.value) } : f))] : []),
                ]);
            }));
        }
        if (needProtection)
            jobs.push(lookups.gitlab.refProtected(client, repo, ctx.refType === 'tag' ? 'tag' : 'branch', refName).then((f) => void (facts.protection = f)));
        if (needSignature)
            jobs.push(lookups.gitlab.signature(client, repo, sha).then((f) => void (facts.signature = f)));
    }
    await Promise.all(jobs);
    const roleFacts = {
        teamMember: (login, team) => {
            const f = teamFacts.get(`${login}\n${team}`);
            return f?.ok ? f.value : undefined;
        },
        permission: (login) => {
            const f = permFacts.get(login);
            return f?.ok ? f.value : undefined;
        },
        problem: (login) => {
            const failed = [...teamFacts.entries()].filter(([k, f]) => k.startsWith(`${login}\n`) && !f.ok).map(([, f]) => f.problem);
            const perm = permFacts.get(login);
            if (perm && !perm.ok)
                failed.push(perm.problem);
            return failed.length ? [...new Set(failed)].join('; ') : undefined;
        },
    };
    facts.roles = roleFacts;
    return { context: ctx, facts, lookups: client.count };
}
/** Count the requests that reach the network (the client caches per URL). */
function counting(client) {
    const seen = new Set();
    const wrapped = {
        baseUrl: client.baseUrl,
        count: 0,
        get(path) {
            if (!seen.has(path)) {
                seen.add(path);
                wrapped.count++;
            }
            return client.get(path);
        },
    };
    return wrapped;
}

;// CONCATENATED MODULE: ./shared/actions/verify-trigger.ts


/**
 * verify-trigger: was this run started by an allowed event, on an allowed ref, by allowed
 * people and bots, from inside the repository, at an allowed time? Facts first (OIDC identity,
 * API lookups; shared/trigger), then the pure rules (shared/checks/trigger.ts).
 */
const verifyTrigger = {
    name: 'verify-trigger',
    description: 'Allow the pipeline only for allowed events, refs, actors and sources, at allowed times.',
    inputs: [
        { name: 'github-token', description: 'Token for GitHub API lookups (teams, permissions, protection, signatures, the pull request behind a comment).' },
        { name: 'gitlab-token', description: 'Token (read_api) for GitLab API lookups (members, groups, protected refs, signatures).' },
        { name: 'oidc-audience', description: 'Audience the OIDC token is requested for (GitHub) and checked against (default ci-constraints; CircleCI: the organization id).' },
        { name: 'oidc-issuer', description: 'Issuer whose keys verify the OIDC token (default: the platform\'s own issuer).' },
        { name: 'id-token-variable', description: 'GitLab: the id_tokens variable holding the token (default CI_CONSTRAINTS_ID_TOKEN).' },
        { name: 'comment-command', description: 'issue_comment runs: the command word the comment must start with (e.g. /deploy), when the policy names none.' },
        { name: 'action-ref', description: 'GitLab/CircleCI: how the component or orb was referenced (e.g. $[[ component.reference ]]), for pinned-action.' },
    ],
    commands: {
        async run(req) {
            const trigger = req.constraints.trigger;
            if (!trigger) {
                return {
                    checks: [{ rule: 'trigger.missing', status: 'fail', message: `environment ${req.environment} has no trigger section, so nothing about this run can be verified`, ...req.ruleSource(['trigger']) }],
                };
            }
            const { context, facts, lookups } = await gatherFacts(req, trigger);
            const commentCommand = req.platform.input('comment-command');
            const checks = triggerChecks({
                context,
                trigger,
                roles: req.policy.roles ?? {},
                facts,
                ruleSource: req.ruleSource,
                now: req.now,
                ...(commentCommand !== undefined ? { commentCommand } : {}),
            });
            const headSha = context.headSha ?? context.sha;
            return {
                checks,
                outputs: {
                    event: context.event,
                    ref: context.ref,
                    sha: headSha,
                    'identity-source': context.identitySource,
                },
                details: { identitySource: context.identitySource, lookups, sha: headSha },
                ...(context.identitySource === 'oidc' ? { notes: ['identity taken from the verified OIDC token'] } : {}),
            };
        },
    },
};
/* harmony default export */ const verify_trigger = (verifyTrigger);


/***/ }),

/***/ 3986:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pb: () => (/* binding */ refCharsetProblem),
/* harmony export */   dX: () => (/* binding */ refMatches),
/* harmony export */   mw: () => (/* binding */ globMatches)
/* harmony export */ });
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4006);
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(picomatch__WEBPACK_IMPORTED_MODULE_0__);

/**
 * Ref globs: `*` matches within one path segment, `**` across segments, `?` one character.
 * Nothing else is special (no braces, extglobs, negation, character classes), matching is exact
 * and case-sensitive, with no Unicode normalisation: `refs/tags/main` never matches `refs/heads/main`.
 */
const GLOB_OPTIONS = { dot: true, nobrace: true, noextglob: true, nonegate: true, strictSlashes: true, literalBrackets: true };
const compiled = new Map();
function refMatches(pattern, ref) {
    let matcher = compiled.get(pattern);
    if (!matcher) {
        matcher = /[*?]/.test(pattern) ? picomatch__WEBPACK_IMPORTED_MODULE_0___default()(pattern, GLOB_OPTIONS) : (r) => r === pattern;
        compiled.set(pattern, matcher);
    }
    return matcher(ref);
}
/** The same glob semantics for other names (workflow files, runner names). */
const globMatches = refMatches;
/**
 * Characters a ref may carry under `ref-charset: strict`: printable ASCII without shell
 * metacharacters. Git itself forbids space ~ ^ : ? * [ \ and control characters; we also refuse
 * $ ` ( ) ; & | < > ' " ! { } so a ref can never become code in a script that interpolates it.
 */
const STRICT_REF = /^[A-Za-z0-9._/+@#=,%-]+$/;
function refCharsetProblem(ref) {
    if (STRICT_REF.test(ref))
        return undefined;
    // Control and non-ASCII characters first: they are the ones a reader cannot see.
    const rank = (ch) => {
        const cp = ch.codePointAt(0);
        return cp < 0x20 || cp === 0x7f ? 0 : cp > 0x7e ? 1 : 2;
    };
    const bad = [...new Set([...ref].filter((ch) => !STRICT_REF.test(ch)))].sort((a, b) => rank(a) - rank(b));
    const describe = (ch) => {
        const cp = ch.codePointAt(0);
        if (cp < 0x20 || cp === 0x7f)
            return `control character U+${cp.toString(16).padStart(4, '0').toUpperCase()}`;
        if (cp > 0x7e)
            return `non-ASCII U+${cp.toString(16).padStart(4, '0').toUpperCase()} "${ch}"`;
        return `"${ch}"`;
    };
    return bad.slice(0, 5).map(describe).join(', ');
}


/***/ })

};
