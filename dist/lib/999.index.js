export const id = 999;
export const ids = [999];
export const modules = {

/***/ 6999:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  "default": () => (/* binding */ verify_trigger)
});

// EXTERNAL MODULE: ./shared/context/index.ts + 7 modules
var context = __webpack_require__(2343);
// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
;// CONCATENATED MODULE: ./shared/checks/refs.ts

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
        matcher = /[*?]/.test(pattern) ? picomatch_default()(pattern, GLOB_OPTIONS) : (r) => r === pattern;
        compiled.set(pattern, matcher);
    }
    return matcher(ref);
}
/**
 * Characters a ref may carry under `ref-charset: strict`: printable ASCII without shell
 * metacharacters. Git itself forbids space ~ ^ : ? * [ \ and control characters; we also refuse
 * $ ` ( ) ; & | < > ' " ! { } so a ref can never become code in a script that interpolates it.
 */
const STRICT_REF = /^[A-Za-z0-9._/+@#=,%-]+$/;
function refCharsetProblem(ref) {
    if (STRICT_REF.test(ref))
        return undefined;
    const bad = [...new Set([...ref].filter((ch) => !STRICT_REF.test(ch)))];
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
        else if (PERMISSION_ORDER.indexOf(has) >= PERMISSION_ORDER.indexOf(role.permission))
            return true;
    }
    return unknown ? undefined : false;
}
const at = (input, key) => input.ruleSource(['trigger', key]);
/** The ref must be safe to interpolate before anything else looks at it. */
const refCharset = (input) => {
    if (input.trigger['ref-charset'] === 'any')
        return undefined;
    const { ref } = input.context;
    const problem = refCharsetProblem(ref);
    return {
        rule: 'trigger.ref-charset',
        status: problem ? 'fail' : 'pass',
        message: problem
            ? `ref ${JSON.stringify(ref)} contains characters a ref should never carry (${problem}): denied before it can reach a shell`
            : 'ref uses only safe characters',
        seen: ref,
        required: 'printable ASCII without shell metacharacters',
        ...at(input, 'ref-charset'),
    };
};
const events = (input) => {
    const allowed = input.trigger.events;
    if (!allowed)
        return undefined;
    const { context: ctx } = input;
    const ok = allowed.some((e) => (0,context/* eventMatches */.wn)(e, ctx));
    return {
        rule: 'trigger.events',
        status: ok ? 'pass' : 'fail',
        message: ok ? `event ${ctx.event} is allowed` : `event ${ctx.event} is not allowed here (allowed: ${allowed.map((e) => (0,context/* describeAllowedEvent */.i8)(e, ctx.platform)).join(', ')})`,
        seen: ctx.event,
        required: allowed,
        ...at(input, 'events'),
    };
};
const refs = (input) => {
    const allowed = input.trigger.refs;
    if (!allowed)
        return undefined;
    const { ref } = input.context;
    const match = allowed.find((p) => refMatches(p, ref));
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
    const fork = (0,context/* isFork */.B0)(ctx);
    const from = ctx.upstreamHeadRepository ?? ctx.headRepository ?? ctx.repository;
    return {
        rule: 'trigger.forks',
        status: fork ? 'fail' : 'pass',
        message: fork ? `the code under test comes from ${from}, not from ${ctx.baseRepository ?? ctx.repository}: runs on fork code are denied` : 'the code under test comes from this repository',
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
    const problems = [];
    for (const id of ids) {
        const verdicts = roleNames.map((name) => roleAdmits(input.roles[name] ?? {}, id.login, input.facts));
        if (verdicts.includes(true))
            continue;
        problems.push(verdicts.includes(undefined)
            ? `${id.as} ${id.login} could not be verified (team membership or permission was not looked up; pass github-token)`
            : `${id.as} ${id.login} is in none of the roles`);
    }
    return {
        rule: 'trigger.actors',
        status: problems.length ? 'fail' : 'pass',
        message: problems.length ? problems.join('; ') : `${ids.map((i) => `${i.as} ${i.login}`).join(', ')} qualify`,
        seen: Object.fromEntries(ids.map((i) => [i.as, i.login])),
        required: roleNames,
        ...source,
    };
};
/** Rules in evaluation order; each returns undefined when the policy does not ask for it. */
const TRIGGER_RULES = [refCharset, events, refs, forks, actors];
function triggerChecks(input, rules = TRIGGER_RULES) {
    return rules.map((r) => r(input)).filter((c) => c !== undefined);
}

;// CONCATENATED MODULE: ./shared/actions/verify-trigger.ts

const verifyTrigger = {
    name: 'verify-trigger',
    description: 'Allow the pipeline only for allowed events, refs, actors and sources, at allowed times.',
    inputs: [{ name: 'github-token', description: 'Token for API lookups (teams, permissions, protection, signatures).' }],
    commands: {
        async run(req) {
            const trigger = req.constraints.trigger;
            if (!trigger) {
                return {
                    checks: [{ rule: 'trigger.missing', status: 'fail', message: `environment ${req.environment} has no trigger section, so nothing about this run can be verified`, ...req.ruleSource(['trigger']) }],
                };
            }
            const checks = triggerChecks({ context: req.context, trigger, roles: req.policy.roles ?? {}, facts: {}, ruleSource: req.ruleSource });
            return { checks, outputs: { event: req.context.event, ref: req.context.ref } };
        },
    },
};
/* harmony default export */ const verify_trigger = (verifyTrigger);


/***/ })

};
