export const id = 718;
export const ids = [718,688,2];
export const modules = {

/***/ 5718:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  "default": () => (/* binding */ security_gate)
});

// EXTERNAL MODULE: ./shared/policy/sections/common.ts + 1 modules
var common = __webpack_require__(2726);
// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
;// CONCATENATED MODULE: ./shared/sarif/match.ts

/**
 * Globs for rule ids and paths. A pattern matches a value when it is the same string (so rule ids
 * such as "[HIGH] CVE-2024-1" need no escaping) or when it matches as a picomatch glob
 * (`src/**`, `js/*`). No case folding.
 */
const compiled = new Map();
function globMatcher(pattern) {
    let m = compiled.get(pattern);
    if (!m) {
        let glob;
        try {
            glob = picomatch_default()(pattern, { dot: true });
        }
        catch {
            glob = () => false;
        }
        m = (s) => s === pattern || glob(s);
        compiled.set(pattern, m);
    }
    return m;
}
function matchesAny(patterns, value) {
    if (!patterns)
        return false;
    for (const p of patterns)
        if (globMatcher(p)(value))
            return true;
    return false;
}
/** include/exclude filter: a value passes when it matches an include (if any) and no exclude. */
function passes(filter, value) {
    if (!filter)
        return true;
    if (filter.include && filter.include.length > 0 && !matchesAny(filter.include, value))
        return false;
    return !matchesAny(filter.exclude, value);
}
/** A waiver's `until` is the last day it applies (UTC): it expires at the next midnight UTC. */
function waiverExpiry(until) {
    return Date.parse(`${until}T00:00:00Z`) + 86_400_000;
}
const WAIVER_WARN_DAYS = 14;
function waiverState(until, now) {
    const left = waiverExpiry(until) - now.getTime();
    const daysLeft = Math.ceil(left / 86_400_000);
    if (left <= 0)
        return { state: 'expired', daysLeft };
    return { state: daysLeft <= WAIVER_WARN_DAYS ? 'expiring' : 'active', daysLeft };
}
/** Normalise a SARIF artifact URI into a repository path: strip file://, the workspace and "./". */
function normalisePath(uri, workspace) {
    let p = uri;
    if (p.startsWith('file://'))
        p = p.slice('file://'.length);
    if (/%[0-9A-Fa-f]{2}/.test(p)) {
        try {
            p = decodeURIComponent(p);
        }
        catch {
            /* keep as is */
        }
    }
    if (workspace) {
        const ws = workspace.endsWith('/') ? workspace : `${workspace}/`;
        if (p.startsWith(ws))
            p = p.slice(ws.length);
    }
    while (p.startsWith('./'))
        p = p.slice(2);
    return p;
}

;// CONCATENATED MODULE: ./shared/checks/gate.ts


const THRESHOLD_KEYS = ['critical', 'high', 'medium', 'low', 'error', 'warning', 'note', 'total'];
const LABEL = {
    critical: 'critical-severity',
    high: 'high-severity',
    medium: 'medium-severity',
    low: 'low-severity',
    error: 'level error',
    warning: 'level warning',
    note: 'level note',
    total: 'counted',
};
function src(ruleSource, path) {
    const s = ruleSource(path);
    return s.location ? { policyPath: s.policyPath, location: s.location } : { policyPath: s.policyPath };
}
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
function exceededKeys(max, counts) {
    const out = new Set();
    if (!max)
        return out;
    for (const k of THRESHOLD_KEYS) {
        const limit = max[k];
        if (limit !== undefined && (counts?.[k] ?? 0) > limit)
            out.add(k);
    }
    return out;
}
function findingHits(f, keys) {
    return keys.has('total') || keys.has(f.level) || (f.band !== undefined && keys.has(f.band));
}
function sarifChecks(gate, facts, ruleSource, opts) {
    const out = [];
    const sarifPolicy = gate.sarif;
    const s = facts.sarif;
    const inputSrc = src(ruleSource, ['gate', 'sarif']);
    if (!s || !s.inputGiven) {
        if (sarifPolicy) {
            out.push({
                rule: 'gate.sarif.input',
                status: 'fail',
                message: 'the policy sets gate.sarif but no SARIF was given: pass the scan results with the `sarif` input (files, globs or directories)',
                seen: 'no sarif input',
                required: 'SARIF files',
                ...inputSrc,
            });
        }
        return out;
    }
    for (const p of s.inputProblems) {
        out.push({ rule: 'gate.sarif.input', status: 'fail', message: `sarif input "${p.entry}" ${p.message}`, seen: p.entry, required: 'existing SARIF files', ...inputSrc });
    }
    if (s.files.length === 0 && s.invalid.filter((i) => i.role === 'scan').length === 0 && s.inputProblems.length === 0) {
        out.push({ rule: 'gate.sarif.input', status: 'fail', message: 'the sarif input named no file', seen: [], required: 'SARIF files', ...inputSrc });
    }
    for (const inv of s.invalid) {
        const first = inv.problems[0] ?? { path: '$', message: 'invalid' };
        const more = inv.problems.length > 1 ? `; and ${plural(inv.problems.length - 1, 'more problem')}: ${inv.problems.slice(1, 4).map((p) => `${p.path}: ${p.message}`).join('; ')}` : '';
        out.push({
            rule: 'gate.sarif.invalid',
            status: 'fail',
            message: `${inv.role === 'baseline' ? 'baseline ' : ''}${inv.file} is not valid SARIF 2.1.0: ${first.path}: ${first.message}${more}`,
            seen: { file: inv.file, code: inv.code, problems: inv.problems },
            required: 'SARIF 2.1.0 (schema: sarif-schema-2.1.0.json)',
            subject: { file: inv.file },
            ...inputSrc,
        });
    }
    if (s.invalid.length === 0 && s.files.length > 0) {
        out.push({
            rule: 'gate.sarif.invalid',
            status: 'pass',
            message: `${plural(s.files.length, 'SARIF file')} valid (${plural(s.totals.runs, 'run')}, ${plural(s.totals.results, 'result')})`,
            seen: s.files.map((f) => f.file),
            required: 'SARIF 2.1.0',
            ...inputSrc,
        });
    }
    const exceeded = new Map();
    const allExceeded = exceededKeys(sarifPolicy?.max, s.totals.counted);
    if (sarifPolicy?.max) {
        for (const k of THRESHOLD_KEYS) {
            const limit = sarifPolicy.max[k];
            if (limit === undefined)
                continue;
            const seen = s.totals.counted[k];
            out.push({
                rule: 'gate.sarif.max',
                status: seen > limit ? 'fail' : 'pass',
                message: `${plural(seen, `${LABEL[k]} finding`)} over all tools (at most ${limit} allowed)`,
                seen,
                required: `<= ${limit}`,
                ...src(ruleSource, ['gate', 'sarif', 'max', k]),
            });
        }
    }
    else if (!sarifPolicy) {
        out.push({ rule: 'gate.sarif.max', status: 'skip', message: `no gate.sarif thresholds in the policy; ${plural(s.totals.counted.total, 'finding')} counted and reported only`, seen: s.totals.counted.total, ...inputSrc });
    }
    for (const [tool, tp] of Object.entries(sarifPolicy?.tools ?? {})) {
        const t = s.tools.find((x) => x.tool === tool);
        if (!t) {
            out.push({
                rule: 'gate.sarif.max',
                status: 'fail',
                message: `the policy sets thresholds for tool "${tool}" but no SARIF run from it was given (tools seen: ${s.tools.map((x) => `"${x.tool}"`).join(', ') || 'none'})`,
                seen: s.tools.map((x) => x.tool),
                required: `a run from "${tool}"`,
                ...src(ruleSource, ['gate', 'sarif', 'tools', tool]),
            });
            continue;
        }
        exceeded.set(tool, exceededKeys(tp.max, t.counted));
        for (const k of THRESHOLD_KEYS) {
            const limit = tp.max?.[k];
            if (limit === undefined)
                continue;
            const seen = t.counted[k];
            out.push({
                rule: 'gate.sarif.max',
                status: seen > limit ? 'fail' : 'pass',
                message: `${plural(seen, `${LABEL[k]} finding`)} from ${tool} (at most ${limit} allowed)`,
                seen,
                required: `<= ${limit}`,
                ...src(ruleSource, ['gate', 'sarif', 'tools', tool, 'max', k]),
            });
        }
    }
    // The most severe counted findings, each its own check with file:line (annotations), then one
    // check summarising the rest past the annotation limit.
    const counted = s.findings.filter((f) => f.status === 'counted');
    const overLimit = (f) => findingHits(f, allExceeded) || findingHits(f, exceeded.get(f.tool) ?? new Set());
    const shown = counted.slice(0, Math.max(0, opts.maxAnnotations));
    for (const f of shown) {
        const where = f.path ? `${f.path}${f.line ? `:${f.line}` : ''}` : '(no location)';
        const sev = f.band ? `${f.band} (${f.securitySeverity})` : f.level;
        const r = {
            rule: 'gate.sarif.finding',
            status: overLimit(f) ? 'fail' : 'pass',
            message: `${f.tool} ${f.rule} [${sev}] at ${where}: ${f.message}${overLimit(f) ? '' : ' (within the thresholds)'}`,
            seen: { tool: f.tool, rule: f.rule, level: f.level, band: f.band ?? null, path: f.path ?? null, line: f.line ?? null },
            required: 'within gate.sarif thresholds',
            ...src(ruleSource, ['gate', 'sarif']),
        };
        if (f.path)
            r.subject = f.line ? { file: f.path, line: f.line } : { file: f.path };
        out.push(r);
    }
    const rest = s.totals.counted.total - shown.length;
    if (rest > 0 && shown.length > 0) {
        // Judge the rest by the kept samples when they are complete, else by whether any threshold failed.
        const complete = counted.length >= s.totals.counted.total;
        const failing = complete ? counted.slice(shown.length).some(overLimit) : allExceeded.size > 0 || [...exceeded.values()].some((x) => x.size > 0);
        out.push({
            rule: 'gate.sarif.finding',
            status: failing ? 'fail' : 'pass',
            message: `and ${plural(rest, 'more counted finding')} not annotated (annotation limit ${opts.maxAnnotations}); see the job summary and the JSON report`,
            seen: rest,
            required: 'within gate.sarif thresholds',
            ...src(ruleSource, ['gate', 'sarif']),
        });
    }
    return out;
}
function waiverChecks(gate, facts, now, ruleSource) {
    const use = facts.sarif?.waivers ?? [];
    return (gate.waivers ?? []).map((w, i) => {
        const { state, daysLeft } = waiverState(w.until, now);
        const u = use.find((x) => x.index === i);
        const scope = `${w.rule}${w.path ? ` in ${w.path}` : ''}`;
        const base = { rule: 'gate.waivers', seen: { until: w.until, state, daysLeft, matched: u?.matched ?? 0, expiredMatched: u?.expiredMatched ?? 0 }, required: 'until >= today', ...src(ruleSource, ['gate', 'waivers', i]) };
        if (state === 'expired') {
            return {
                ...base,
                status: 'skip',
                message: `waiver for ${scope} expired on ${w.until} and no longer applies${u?.expiredMatched ? `: ${plural(u.expiredMatched, 'finding')} it covered count again` : ''} (reason was: ${w.reason}); renew it or fix the findings`,
            };
        }
        const used = u?.matched ? `waives ${plural(u.matched, 'finding')}` : 'matches no finding';
        if (state === 'expiring') {
            return { ...base, status: 'pass', message: `waiver for ${scope} ${used} and EXPIRES in ${plural(daysLeft, 'day')} (until ${w.until}; ${w.reason})` };
        }
        return { ...base, status: 'pass', message: `waiver for ${scope} ${used} until ${w.until} (${w.reason})` };
    });
}
function requiredCheckChecks(gate, facts, ruleSource) {
    const names = gate['required-checks'] ?? [];
    const rc = facts.requiredChecks;
    return names.map((name, i) => {
        const where = src(ruleSource, ['gate', 'required-checks', i]);
        if (!rc || rc.error !== undefined) {
            return { rule: 'gate.required-checks', status: 'fail', message: `required check "${name}" could not be verified: ${rc?.error ?? 'no lookup was made'}`, seen: 'unknown', required: 'success', ...where };
        }
        const c = rc.checks.find((x) => x.name === name);
        const state = c?.state ?? 'missing';
        const waited = rc.waitedMs > 0 ? ` after waiting ${Math.round(rc.waitedMs / 1000)}s` : '';
        const msg = {
            success: `required check "${name}" succeeded on ${rc.sha.slice(0, 12)} (${c?.detail ?? ''})`,
            failure: `required check "${name}" did not succeed on ${rc.sha.slice(0, 12)}: ${c?.detail ?? ''}`,
            pending: `required check "${name}" is still pending on ${rc.sha.slice(0, 12)}${waited}: ${c?.detail ?? ''}; raise wait-for-checks or order the jobs`,
            missing: `required check "${name}" was not reported on ${rc.sha.slice(0, 12)} (${rc.source}); check the name or that it runs for this commit`,
        };
        return { rule: 'gate.required-checks', status: state === 'success' ? 'pass' : 'fail', message: msg[state], seen: c ? { state, detail: c.detail } : { state }, required: 'success', ...where };
    });
}
function scanAgeCheck(gate, facts, now, ruleSource, skewMs = 5 * 60_000) {
    const limit = gate['max-scan-age'];
    if (limit === undefined)
        return [];
    const where = src(ruleSource, ['gate', 'max-scan-age']);
    const sa = facts.scanAge;
    if (sa?.error !== undefined)
        return [{ rule: 'gate.max-scan-age', status: 'fail', message: `the newest analysis could not be looked up: ${sa.error}`, seen: 'unknown', required: `younger than ${limit}`, ...where }];
    if (!sa?.newest) {
        return [{
                rule: 'gate.max-scan-age',
                status: 'fail',
                message: `no analysis time found (looked in: ${sa?.looked.join(', ') || 'nothing'}); SARIF needs runs[].invocations[].endTimeUtc, or give github-token for code-scanning analyses`,
                seen: 'none',
                required: `younger than ${limit}`,
                ...where,
            }];
    }
    const age = now.getTime() - Date.parse(sa.newest.time);
    const max = (0,common/* durationMs */.pc)(limit);
    if (age < -skewMs) {
        return [{ rule: 'gate.max-scan-age', status: 'fail', message: `the newest analysis (${sa.newest.time}, ${sa.newest.source}) is in the future; clock skew or a forged timestamp`, seen: sa.newest.time, required: `younger than ${limit}`, ...where }];
    }
    const ageText = humanDuration(Math.max(0, age));
    return [{
            rule: 'gate.max-scan-age',
            status: age <= max ? 'pass' : 'fail',
            message: `the newest analysis is ${ageText} old (${sa.newest.time}, ${sa.newest.source}); at most ${limit} allowed`,
            seen: { time: sa.newest.time, ageMs: age, source: sa.newest.source },
            required: `younger than ${limit}`,
            ...where,
        }];
}
function humanDuration(ms) {
    const s = Math.round(ms / 1000);
    if (s < 120)
        return `${s}s`;
    const m = Math.round(s / 60);
    if (m < 120)
        return `${m}m`;
    const h = Math.round(m / 60);
    if (h < 72)
        return `${h}h`;
    return `${Math.round(h / 24)}d`;
}
/** Every gate rule for one environment. */
function gateChecks(gate, facts, now, ruleSource, opts) {
    const g = gate ?? {};
    const out = [...sarifChecks(g, facts, ruleSource, opts), ...waiverChecks(g, facts, now, ruleSource), ...requiredCheckChecks(g, facts, ruleSource), ...scanAgeCheck(g, facts, now, ruleSource, opts.skewMs)];
    if (out.length === 0) {
        out.push({ rule: 'gate.none', status: 'fail', message: 'the environment sets no gate constraints and no SARIF was given: nothing was judged, so nothing passes', ...src(ruleSource, ['gate']) });
    }
    return out;
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(2635);
// EXTERNAL MODULE: ./shared/platform/api.ts
var api = __webpack_require__(2688);
;// CONCATENATED MODULE: ./shared/sarif/baseline.ts
/**
 * Findings of a baseline SARIF, indexed for matching: by `fingerprints`/`partialFingerprints`
 * (per rule, since e.g. `primaryLocationLineHash` is shared by every rule on a line), falling back
 * to rule + path + region snippet (or coordinates). Matching is one to one: two identical findings against one
 * baseline finding leave one of them new.
 */
class BaselineIndex {
    matched = [];
    byKey = new Map();
    files = [];
    get size() {
        return this.matched.length;
    }
    add(f, path) {
        const id = this.matched.length;
        this.matched.push(false);
        for (const k of keysOf(f, path)) {
            const list = this.byKey.get(k);
            if (list)
                list.push(id);
            else
                this.byKey.set(k, [id]);
        }
    }
    /** True when the finding was in the baseline (and takes that baseline finding). */
    match(f, path) {
        const keys = keysOf(f, path);
        // Fingerprint keys first, the location fallback last.
        for (const k of keys) {
            const list = this.byKey.get(k);
            if (!list)
                continue;
            for (const id of list) {
                if (!this.matched[id]) {
                    this.matched[id] = true;
                    return true;
                }
            }
        }
        return false;
    }
    /** Baseline findings no current finding matched. */
    unmatched() {
        let n = 0;
        for (const m of this.matched)
            if (!m)
                n++;
        return n;
    }
}
function keysOf(f, path) {
    const keys = f.fingerprints.map((fp) => `f\u0000${f.ruleKey}\u0000${fp}`);
    keys.push(`l\u0000${f.ruleKey}\u0000${path ?? ''}\u0000${f.regionKey}`);
    return keys;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./shared/sarif/errors.ts

/** An invalid SARIF file: names the file, the JSON path(s) and the problem(s). A deny, never a skip. */
class SarifError extends errors/* CiConstraintsError */.FX {
    sarifCode;
    file;
    problems;
    constructor(sarifCode, file, problems, options = {}) {
        const first = problems[0] ?? { path: '$', message: 'invalid SARIF' };
        const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : '';
        super('input-invalid', `${file}: ${first.path}: ${first.message}${more}`, {
            hint: 'produce SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/) or remove the file from the `sarif` input',
            ...options,
        });
        this.sarifCode = sarifCode;
        this.file = file;
        this.problems = problems;
    }
}

;// CONCATENATED MODULE: ./shared/sarif/stream.ts

const DEFAULT_MAX_VALUE_BYTES = 256 * 1024 * 1024;
const DEFAULT_MAX_DEPTH = 256;
var S;
(function (S) {
    S[S["Start"] = 0] = "Start";
    S[S["ObjKeyOrEnd"] = 1] = "ObjKeyOrEnd";
    S[S["ObjKey"] = 2] = "ObjKey";
    S[S["ObjColon"] = 3] = "ObjColon";
    S[S["ObjValue"] = 4] = "ObjValue";
    S[S["ObjCommaOrEnd"] = 5] = "ObjCommaOrEnd";
    S[S["ArrValueOrEnd"] = 6] = "ArrValueOrEnd";
    S[S["ArrValue"] = 7] = "ArrValue";
    S[S["ArrCommaOrEnd"] = 8] = "ArrCommaOrEnd";
    S[S["Done"] = 9] = "Done";
})(S || (S = {}));
const WS = new Uint8Array(256);
WS[0x20] = WS[0x09] = WS[0x0a] = WS[0x0d] = 1;
const PRIM_END = new Uint8Array(256);
PRIM_END[0x2c] = PRIM_END[0x7d] = PRIM_END[0x5d] = PRIM_END[0x20] = PRIM_END[0x09] = PRIM_END[0x0a] = PRIM_END[0x0d] = 1;
function typeName(v) {
    if (v === null)
        return 'null';
    if (Array.isArray(v))
        return 'array';
    return typeof v;
}
function keyPath(base, key) {
    return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}
class SarifScanner {
    file;
    handlers;
    state = S.Start;
    stack = [];
    cap = null;
    /** Absolute offset of the current chunk's first byte. */
    offset = 0;
    runIndex = -1;
    maxValueBytes;
    maxDepth;
    /** Chunks fed so far (tests use this to prove the scanner streams). */
    chunks = 0;
    constructor(file, handlers, options = {}) {
        this.file = file;
        this.handlers = handlers;
        this.maxValueBytes = options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES;
        this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    }
    /** Bytes held for the value being read (never more than one value). */
    bufferedBytes() {
        return this.cap?.size ?? 0;
    }
    /** Current JSON path (for errors). */
    path() {
        let p = '$';
        for (const f of this.stack) {
            if (f.kind === 'root') {
                if (f.key)
                    p = keyPath('', f.key).replace(/^\./, '');
            }
            else if (f.kind === 'runs') {
                p = `runs[${f.index}]`;
            }
            else if (f.kind === 'run') {
                if (f.key)
                    p = keyPath(p, f.key);
            }
            else {
                p = `${p}[${f.index}]`;
            }
        }
        return p;
    }
    fail(code, message, path = this.path()) {
        throw new SarifError(code, this.file, [{ path, message }]);
    }
    write(buf) {
        this.chunks++;
        const n = buf.length;
        let i = 0;
        let bs = -1; // cached position of the next backslash in this chunk (n = none)
        while (i < n) {
            if (this.cap !== null) {
                const cap = this.cap;
                const from = i;
                if (cap.mode === 'primitive') {
                    while (i < n && PRIM_END[buf[i]] === 0)
                        i++;
                    this.grow(cap, buf, from, i, i < n);
                    continue;
                }
                // Nested value (object, array or string): count brackets outside strings.
                let depth = cap.depth;
                let inStr = cap.inStr;
                let ended = false;
                if (cap.esc) {
                    cap.esc = false;
                    i++;
                }
                outer: while (i < n) {
                    if (inStr) {
                        let q = buf.indexOf(0x22, i);
                        if (q < 0)
                            q = n;
                        if (bs < i) {
                            bs = buf.indexOf(0x5c, i);
                            if (bs < 0)
                                bs = n;
                        }
                        if (bs < q) {
                            i = bs + 2;
                            if (i > n) {
                                cap.esc = true;
                                i = n;
                            }
                            continue;
                        }
                        if (q === n) {
                            i = n;
                            break;
                        }
                        inStr = false;
                        i = q + 1;
                        if (depth === 0) {
                            ended = true;
                            break;
                        }
                        continue;
                    }
                    while (i < n) {
                        const c = buf[i++];
                        if (c === 0x22) {
                            inStr = true;
                            continue outer;
                        }
                        if (c === 0x7b || c === 0x5b) {
                            if (++depth > this.maxDepth) {
                                this.fail('sarif-too-deep', `nesting deeper than ${this.maxDepth} levels (byte ${this.offset + i - 1})`);
                            }
                        }
                        else if (c === 0x7d || c === 0x5d) {
                            if (--depth <= 0) {
                                ended = true;
                                break outer;
                            }
                        }
                    }
                }
                cap.depth = depth;
                cap.inStr = inStr;
                this.grow(cap, buf, from, i, ended);
                continue;
            }
            // Outer structure.
            const c = buf[i];
            if (WS[c] === 1) {
                i++;
                continue;
            }
            i = this.structural(c, buf, i);
        }
        this.offset += n;
    }
    /** Account for bytes [from, to) of a capture; finish it when it ended, else keep a copy of the tail. */
    grow(cap, buf, from, to, ended) {
        cap.size += to - from;
        if (cap.size > this.maxValueBytes) {
            this.fail('sarif-too-large', `one JSON value is larger than ${this.maxValueBytes} bytes (starts at byte ${cap.start}); split the SARIF file`);
        }
        if (!ended) {
            // A copy: the source may reuse its chunk buffers, and a slice would pin the whole chunk.
            if (to > from)
                cap.parts.push(Buffer.from(buf.subarray(from, to)));
            return;
        }
        this.cap = null;
        let text;
        if (cap.parts.length === 0)
            text = buf.toString('utf8', from, to);
        else {
            if (to > from)
                cap.parts.push(buf.subarray(from, to));
            text = Buffer.concat(cap.parts).toString('utf8');
        }
        cap.done(text);
    }
    startCapture(buf, i, done) {
        const c = buf[i];
        const mode = c === 0x7b || c === 0x5b || c === 0x22 ? 'nested' : 'primitive';
        const start = this.offset + i;
        this.cap = {
            mode,
            depth: 0,
            inStr: false,
            esc: false,
            parts: [],
            size: 0,
            start,
            done: (text) => {
                let value;
                try {
                    value = JSON.parse(text);
                }
                catch (err) {
                    this.fail('sarif-syntax', `invalid JSON in the value starting at byte ${start}: ${err.message}`);
                }
                done(value);
            },
        };
    }
    top() {
        return this.stack[this.stack.length - 1];
    }
    /** Handle one non-whitespace byte of the outer structure; returns the next index. */
    structural(c, buf, i) {
        switch (this.state) {
            case S.Start:
                if (this.offset + i < 3 && (c === 0xef || c === 0xbb || c === 0xbf))
                    return i + 1; // UTF-8 BOM
                if (c !== 0x7b)
                    this.unexpected(c, i, 'the document must be a JSON object');
                this.stack.push({ kind: 'root', index: 0, key: '' });
                this.state = S.ObjKeyOrEnd;
                return i + 1;
            case S.ObjKeyOrEnd:
            case S.ObjKey:
                if (c === 0x7d && this.state === S.ObjKeyOrEnd)
                    return this.closeObject(i);
                if (c !== 0x22)
                    this.unexpected(c, i, 'expected a property name');
                this.startCapture(buf, i, (key) => {
                    this.top().key = key;
                    this.state = S.ObjColon;
                });
                return i;
            case S.ObjColon:
                if (c !== 0x3a)
                    this.unexpected(c, i, 'expected ":"');
                this.state = S.ObjValue;
                return i + 1;
            case S.ObjValue:
                return this.objectValue(c, buf, i);
            case S.ObjCommaOrEnd:
                if (c === 0x2c) {
                    this.state = S.ObjKey;
                    return i + 1;
                }
                if (c === 0x7d)
                    return this.closeObject(i);
                return this.unexpected(c, i, 'expected "," or "}"');
            case S.ArrValueOrEnd:
            case S.ArrValue:
                if (c === 0x5d && this.state === S.ArrValueOrEnd)
                    return this.closeArray(i);
                return this.arrayValue(c, buf, i);
            case S.ArrCommaOrEnd:
                if (c === 0x2c) {
                    this.top().index++;
                    this.state = S.ArrValue;
                    return i + 1;
                }
                if (c === 0x5d)
                    return this.closeArray(i);
                return this.unexpected(c, i, 'expected "," or "]"');
            case S.Done:
                return this.unexpected(c, i, 'data after the end of the document');
        }
    }
    unexpected(c, i, what) {
        const ch = c >= 0x20 && c < 0x7f ? JSON.stringify(String.fromCharCode(c)) : `byte 0x${c.toString(16).padStart(2, '0')}`;
        this.fail('sarif-syntax', `${what}, found ${ch} at byte ${this.offset + i}`);
    }
    objectValue(c, buf, i) {
        const frame = this.top();
        const key = frame.key;
        const afterValue = () => {
            this.state = S.ObjCommaOrEnd;
        };
        if (frame.kind === 'root' && key === 'runs') {
            if (c === 0x5b) {
                this.stack.push({ kind: 'runs', index: 0, key: '' });
                this.handlers.runsStart?.();
                this.state = S.ArrValueOrEnd;
                return i + 1;
            }
            this.startCapture(buf, i, (v) => {
                if (v !== null)
                    this.fail('sarif-shape', `runs must be an array, found ${typeName(v)}`);
                this.handlers.runsNull?.();
                afterValue();
            });
            return i;
        }
        if (frame.kind === 'run' && key === 'results') {
            if (c === 0x5b) {
                this.stack.push({ kind: 'results', index: 0, key: '' });
                this.state = S.ArrValueOrEnd;
                return i + 1;
            }
            this.startCapture(buf, i, (v) => this.fail('sarif-shape', `results must be an array, found ${typeName(v)}`));
            return i;
        }
        if (frame.kind === 'root') {
            this.startCapture(buf, i, (v) => {
                this.handlers.rootProperty?.(key, v);
                afterValue();
            });
            return i;
        }
        // run property
        const run = this.runIndex;
        this.startCapture(buf, i, (v) => {
            this.handlers.runProperty?.(run, key, v);
            afterValue();
        });
        return i;
    }
    arrayValue(c, buf, i) {
        const frame = this.top();
        if (frame.kind === 'runs') {
            if (c === 0x7b) {
                this.runIndex++;
                this.stack.push({ kind: 'run', index: 0, key: '' });
                this.handlers.runStart?.(this.runIndex);
                this.state = S.ObjKeyOrEnd;
                return i + 1;
            }
            this.startCapture(buf, i, (v) => this.fail('sarif-shape', `a run must be an object, found ${typeName(v)}`));
            return i;
        }
        // results element
        const run = this.runIndex;
        const index = frame.index;
        this.startCapture(buf, i, (v) => {
            this.handlers.result?.(run, index, v);
            this.state = S.ArrCommaOrEnd;
        });
        return i;
    }
    closeObject(i) {
        const frame = this.stack.pop();
        if (frame.kind === 'run') {
            this.handlers.runEnd?.(this.runIndex);
            this.state = S.ArrCommaOrEnd;
        }
        else {
            this.state = S.Done;
        }
        return i + 1;
    }
    closeArray(i) {
        this.stack.pop();
        this.state = S.ObjCommaOrEnd;
        return i + 1;
    }
    /** Call after the last chunk: a document that is not complete is truncated. */
    end() {
        if (this.state !== S.Done) {
            if (this.state === S.Start)
                this.fail('sarif-syntax', 'the file is empty', '$');
            this.fail('sarif-syntax', `unexpected end of file at byte ${this.offset} (truncated?)`);
        }
    }
}

;// CONCATENATED MODULE: ./shared/sarif/model.ts


/**
 * The parts of SARIF 2.1.0 the gate reads, checked against the types the schema gives them, and
 * normalised into small records. Problems are collected with their JSON path, not thrown one by one.
 */
const LEVELS = ['none', 'note', 'warning', 'error'];
const KINDS = ['notApplicable', 'pass', 'fail', 'review', 'open', 'informational'];
const BASELINE_STATES = ['new', 'unchanged', 'updated', 'absent'];
const BANDS = (/* unused pure expression or super */ null && (['critical', 'high', 'medium', 'low']));
const MESSAGE_MAX = 300;
class Problems {
    limit;
    list = [];
    constructor(limit = 20) {
        this.limit = limit;
    }
    add(path, message) {
        if (this.list.length < this.limit)
            this.list.push({ path, message });
    }
    get full() {
        return this.list.length >= this.limit;
    }
}
const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
function str(o, key, path, p) {
    const v = o[key];
    if (v === undefined)
        return undefined;
    if (typeof v !== 'string') {
        p.add(`${path}.${key}`, `must be a string, found ${typeName(v)}`);
        return undefined;
    }
    return v;
}
function model_int(o, key, path, p, min) {
    const v = o[key];
    if (v === undefined)
        return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
        p.add(`${path}.${key}`, `must be an integer >= ${min}, found ${JSON.stringify(v)}`);
        return undefined;
    }
    return v;
}
function oneOf(o, key, allowed, path, p) {
    const v = o[key];
    if (v === undefined)
        return undefined;
    if (typeof v !== 'string' || !allowed.includes(v)) {
        p.add(`${path}.${key}`, `must be one of ${allowed.join(', ')}, found ${JSON.stringify(v)}`);
        return undefined;
    }
    return v;
}
function obj(o, key, path, p) {
    const v = o[key];
    if (v === undefined)
        return undefined;
    if (!isObj(v)) {
        p.add(`${path}.${key}`, `must be an object, found ${typeName(v)}`);
        return undefined;
    }
    return v;
}
function arr(o, key, path, p) {
    const v = o[key];
    if (v === undefined)
        return undefined;
    if (!Array.isArray(v)) {
        p.add(`${path}.${key}`, `must be an array, found ${typeName(v)}`);
        return undefined;
    }
    return v;
}
function stringMap(o, key, path, p, out) {
    const m = obj(o, key, path, p);
    if (!m)
        return;
    for (const [k, v] of Object.entries(m)) {
        if (typeof v !== 'string')
            p.add(`${path}.${key}.${k}`, `must be a string, found ${typeName(v)}`);
        else
            out.push(`${k}=${v}`);
    }
}
function componentRef(o, path, p) {
    const c = obj(o, 'toolComponent', path, p);
    if (!c)
        return undefined;
    const ref = {};
    const index = model_int(c, 'index', `${path}.toolComponent`, p, -1);
    const name = str(c, 'name', `${path}.toolComponent`, p);
    const guid = str(c, 'guid', `${path}.toolComponent`, p);
    if (index !== undefined && index >= 0)
        ref.index = index;
    if (name !== undefined)
        ref.name = name;
    if (guid !== undefined)
        ref.guid = guid;
    return ref;
}
function descriptorRef(d, path, p) {
    const ref = {};
    const id = str(d, 'id', path, p);
    const index = model_int(d, 'index', path, p, -1);
    const guid = str(d, 'guid', path, p);
    const component = componentRef(d, path, p);
    if (id !== undefined)
        ref.id = id;
    if (index !== undefined && index >= 0)
        ref.index = index;
    if (guid !== undefined)
        ref.guid = guid;
    if (component)
        ref.component = component;
    return ref;
}
const sha256 = (s) => (0,external_node_crypto_.createHash)('sha256').update(s).digest('hex');
/** Check one `runs[i].results[j]` value and reduce it to what the gate needs. */
function resultFacts(v, path, p) {
    if (!isObj(v)) {
        p.add(path, `a result must be an object, found ${typeName(v)}`);
        return undefined;
    }
    const before = p.list.length;
    let message = '';
    const m = v['message'];
    if (m === undefined)
        p.add(`${path}.message`, 'is required');
    else if (!isObj(m))
        p.add(`${path}.message`, `must be an object, found ${typeName(m)}`);
    else {
        const text = str(m, 'text', `${path}.message`, p);
        const id = str(m, 'id', `${path}.message`, p);
        if (text === undefined && id === undefined && m['text'] === undefined && m['id'] === undefined)
            p.add(`${path}.message`, 'needs "text" or "id"');
        message = (text ?? id ?? '').slice(0, MESSAGE_MAX);
    }
    const rule = {};
    const ruleId = str(v, 'ruleId', path, p);
    const ruleIndex = model_int(v, 'ruleIndex', path, p, -1);
    const r = obj(v, 'rule', path, p);
    if (r)
        Object.assign(rule, descriptorRef(r, `${path}.rule`, p));
    if (ruleId !== undefined)
        rule.id = ruleId;
    if (ruleIndex !== undefined && ruleIndex >= 0 && rule.index === undefined)
        rule.index = ruleIndex;
    const level = oneOf(v, 'level', LEVELS, path, p);
    const kind = oneOf(v, 'kind', KINDS, path, p);
    const baselineState = oneOf(v, 'baselineState', BASELINE_STATES, path, p);
    let suppressed = false;
    const sups = arr(v, 'suppressions', path, p);
    if (sups) {
        let rejected = false;
        sups.forEach((s, i) => {
            const sp = `${path}.suppressions[${i}]`;
            if (!isObj(s))
                return p.add(sp, `must be an object, found ${typeName(s)}`);
            if (s['kind'] === undefined)
                p.add(`${sp}.kind`, 'is required');
            oneOf(s, 'kind', ['inSource', 'external'], sp, p);
            const status = oneOf(s, 'status', ['accepted', 'underReview', 'rejected'], sp, p);
            if (status === 'underReview' || status === 'rejected')
                rejected = true;
        });
        suppressed = sups.length > 0 && !rejected;
    }
    let uri;
    let artifactIndex;
    let line;
    let regionKey = '';
    const locs = arr(v, 'locations', path, p);
    if (locs) {
        locs.forEach((l, i) => {
            const lp = `${path}.locations[${i}]`;
            if (!isObj(l))
                return p.add(lp, `must be an object, found ${typeName(l)}`);
            const phys = obj(l, 'physicalLocation', lp, p);
            if (!phys)
                return;
            const pp = `${lp}.physicalLocation`;
            const al = obj(phys, 'artifactLocation', pp, p);
            const region = obj(phys, 'region', pp, p);
            let u;
            let ai;
            if (al) {
                u = str(al, 'uri', `${pp}.artifactLocation`, p);
                ai = model_int(al, 'index', `${pp}.artifactLocation`, p, -1);
            }
            let ln;
            let rk = '';
            if (region) {
                const rp = `${pp}.region`;
                ln = model_int(region, 'startLine', rp, p, 1);
                const sc = model_int(region, 'startColumn', rp, p, 1);
                const el = model_int(region, 'endLine', rp, p, 1);
                const ec = model_int(region, 'endColumn', rp, p, 1);
                const snippet = obj(region, 'snippet', rp, p);
                const st = snippet ? str(snippet, 'text', `${rp}.snippet`, p) : undefined;
                rk = st !== undefined ? `s:${st.trim().slice(0, 200)}` : `r:${ln ?? ''}:${sc ?? ''}:${el ?? ''}:${ec ?? ''}`;
            }
            if (i === 0) {
                uri = u;
                if (ai !== undefined && ai >= 0)
                    artifactIndex = ai;
                line = ln;
                regionKey = rk;
            }
        });
    }
    const fingerprints = [];
    stringMap(v, 'fingerprints', path, p, fingerprints);
    stringMap(v, 'partialFingerprints', path, p, fingerprints);
    if (p.list.length > before)
        return undefined;
    const ruleKey = rule.id ?? rule.guid ?? (rule.index !== undefined ? `#${rule.index}` : '(no rule)');
    const facts = { rule, ruleKey, kind: kind ?? 'fail', suppressed, message, fingerprints, regionKey };
    if (level !== undefined)
        facts.level = level;
    if (baselineState !== undefined)
        facts.baselineState = baselineState;
    if (uri !== undefined)
        facts.uri = uri;
    if (artifactIndex !== undefined)
        facts.artifactIndex = artifactIndex;
    if (line !== undefined)
        facts.line = line;
    return facts;
}
function severity(v) {
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    return Number.isFinite(n) ? n : undefined;
}
function componentFacts(v, path, p) {
    if (!isObj(v)) {
        p.add(path, `must be an object, found ${typeName(v)}`);
        return undefined;
    }
    const name = str(v, 'name', path, p);
    if (v['name'] === undefined)
        p.add(`${path}.name`, 'is required');
    const guid = str(v, 'guid', path, p);
    const rules = [];
    (arr(v, 'rules', path, p) ?? []).forEach((r, i) => {
        const rp = `${path}.rules[${i}]`;
        if (!isObj(r))
            return p.add(rp, `must be an object, found ${typeName(r)}`);
        const id = str(r, 'id', rp, p);
        if (r['id'] === undefined)
            p.add(`${rp}.id`, 'is required');
        const rule = { id: id ?? '' };
        const rname = str(r, 'name', rp, p);
        if (rname !== undefined)
            rule.name = rname;
        const rguid = str(r, 'guid', rp, p);
        if (rguid !== undefined)
            rule.guid = rguid;
        const dc = obj(r, 'defaultConfiguration', rp, p);
        if (dc) {
            const level = oneOf(dc, 'level', LEVELS, `${rp}.defaultConfiguration`, p);
            if (level !== undefined)
                rule.level = level;
        }
        const props = obj(r, 'properties', rp, p);
        if (props) {
            const s = severity(props['security-severity']);
            if (s !== undefined)
                rule.securitySeverity = s;
        }
        rules.push(rule);
    });
    const c = { name: name ?? '', rules };
    if (guid !== undefined)
        c.guid = guid;
    return c;
}
/** `runs[i].tool`: required, with `driver.name`. */
function toolFacts(v, path, p) {
    if (!isObj(v)) {
        p.add(path, `must be an object, found ${typeName(v)}`);
        return undefined;
    }
    if (v['driver'] === undefined) {
        p.add(`${path}.driver`, 'is required');
        return undefined;
    }
    const driver = componentFacts(v['driver'], `${path}.driver`, p);
    const extensions = [];
    (arr(v, 'extensions', path, p) ?? []).forEach((e, i) => {
        const c = componentFacts(e, `${path}.extensions[${i}]`, p);
        if (c)
            extensions.push(c);
    });
    return driver ? { driver, extensions } : undefined;
}
function time(o, key, path, p) {
    const s = str(o, key, path, p);
    if (s === undefined)
        return undefined;
    const t = Date.parse(s);
    if (!Number.isFinite(t) || !/^\d{4}-\d{2}-\d{2}T/.test(s)) {
        p.add(`${path}.${key}`, `must be an ISO 8601 date-time, found ${JSON.stringify(s)}`);
        return undefined;
    }
    return t;
}
/** `runs[i].invocations`: analysis times and rule configuration overrides. */
function invocationFacts(v, path, p) {
    if (!Array.isArray(v)) {
        p.add(path, `must be an array, found ${typeName(v)}`);
        return [];
    }
    const out = [];
    v.forEach((inv, i) => {
        const ip = `${path}[${i}]`;
        if (!isObj(inv))
            return p.add(ip, `must be an object, found ${typeName(inv)}`);
        if (typeof inv['executionSuccessful'] !== 'boolean')
            p.add(`${ip}.executionSuccessful`, `is required and must be a boolean, found ${typeName(inv['executionSuccessful'])}`);
        const end = time(inv, 'endTimeUtc', ip, p);
        const start = time(inv, 'startTimeUtc', ip, p);
        const overrides = [];
        (arr(inv, 'ruleConfigurationOverrides', ip, p) ?? []).forEach((o, j) => {
            const op = `${ip}.ruleConfigurationOverrides[${j}]`;
            if (!isObj(o))
                return p.add(op, `must be an object, found ${typeName(o)}`);
            const d = obj(o, 'descriptor', op, p);
            const c = obj(o, 'configuration', op, p);
            if (!d || !c) {
                if (o['descriptor'] === undefined || o['configuration'] === undefined)
                    p.add(op, 'needs "descriptor" and "configuration"');
                return;
            }
            const ov = { descriptor: descriptorRef(d, `${op}.descriptor`, p) };
            const level = oneOf(c, 'level', LEVELS, `${op}.configuration`, p);
            if (level !== undefined)
                ov.level = level;
            overrides.push(ov);
        });
        const f = { overrides };
        const t = end ?? start;
        if (t !== undefined)
            f.time = t;
        out.push(f);
    });
    return out;
}
/** `runs[i].artifacts`: the URIs that `artifactLocation.index` points at. */
function artifactUris(v, path, p) {
    if (!Array.isArray(v)) {
        p.add(path, `must be an array, found ${typeName(v)}`);
        return [];
    }
    return v.map((a, i) => {
        if (!isObj(a)) {
            p.add(`${path}[${i}]`, `must be an object, found ${typeName(a)}`);
            return undefined;
        }
        const loc = obj(a, 'location', `${path}[${i}]`, p);
        return loc ? str(loc, 'uri', `${path}[${i}].location`, p) : undefined;
    });
}
/** GitHub's bands: critical >= 9.0, high >= 7.0, medium >= 4.0, low > 0. */
function band(score) {
    if (score === undefined || !(score > 0))
        return undefined;
    if (score >= 9)
        return 'critical';
    if (score >= 7)
        return 'high';
    if (score >= 4)
        return 'medium';
    return 'low';
}

;// CONCATENATED MODULE: ./shared/sarif/resolve.ts
/**
 * Finds a result's rule and effective level, per SARIF 2.1.0 §3.27.10 and §3.52:
 * `level` if present; else `none` when `kind` is present and not `fail`; else the level from
 * `invocations[].ruleConfigurationOverrides` for the rule; else the rule's
 * `defaultConfiguration.level`; else `warning`. The rule is looked up by index, then id, in
 * `tool.driver` or the extension named by `rule.toolComponent`, and, when the result names no
 * component, in the extensions by id.
 */
class RuleResolver {
    tool;
    invocations;
    byId = new Map();
    constructor(tool, invocations = []) {
        this.tool = tool;
        this.invocations = invocations;
    }
    index(c) {
        let m = this.byId.get(c);
        if (!m) {
            m = new Map();
            c.rules.forEach((r, i) => {
                if (!m.has(r.id))
                    m.set(r.id, i);
                if (r.guid && !m.has(`guid:${r.guid}`))
                    m.set(`guid:${r.guid}`, i);
            });
            this.byId.set(c, m);
        }
        return m;
    }
    component(ref) {
        if (!ref)
            return this.tool.driver;
        if (ref.index !== undefined)
            return this.tool.extensions[ref.index];
        if (ref.guid !== undefined) {
            if (this.tool.driver.guid === ref.guid)
                return this.tool.driver;
            return this.tool.extensions.find((e) => e.guid === ref.guid);
        }
        if (ref.name !== undefined) {
            if (this.tool.driver.name === ref.name)
                return this.tool.driver;
            return this.tool.extensions.find((e) => e.name === ref.name);
        }
        return this.tool.driver;
    }
    inComponent(c, ref) {
        if (ref.index !== undefined) {
            const r = c.rules[ref.index];
            if (r)
                return r;
        }
        const ids = this.index(c);
        if (ref.guid !== undefined) {
            const i = ids.get(`guid:${ref.guid}`);
            if (i !== undefined)
                return c.rules[i];
        }
        if (ref.id !== undefined) {
            // Hierarchical ids ("CA2101/1") fall back to their parent rule.
            let id = ref.id;
            for (;;) {
                const i = ids.get(id);
                if (i !== undefined)
                    return c.rules[i];
                const cut = id.lastIndexOf('/');
                if (cut <= 0)
                    break;
                id = id.slice(0, cut);
            }
        }
        return undefined;
    }
    find(ref) {
        const c = this.component(ref.component);
        if (c) {
            const r = this.inComponent(c, ref);
            if (r)
                return { rule: r, component: c };
        }
        if (!ref.component && ref.id !== undefined) {
            for (const e of this.tool.extensions) {
                const r = this.inComponent(e, { id: ref.id });
                if (r)
                    return { rule: r, component: e };
            }
        }
        return undefined;
    }
    override(found) {
        let level;
        for (const inv of this.invocations) {
            for (const o of inv.overrides) {
                if (o.level === undefined)
                    continue;
                const target = this.find(o.descriptor);
                if (target && target.rule === found.rule && target.component === found.component)
                    level = o.level;
            }
        }
        return level;
    }
    resolve(ref, level, kind) {
        const found = this.find(ref);
        const base = found ? { rule: found.rule, component: found.component.name } : {};
        if (level !== undefined)
            return { ...base, level, levelSource: 'explicit' };
        if (kind !== 'fail')
            return { ...base, level: 'none', levelSource: 'kind' };
        if (found) {
            const o = this.override(found);
            if (o !== undefined)
                return { ...base, level: o, levelSource: 'override' };
            if (found.rule.level !== undefined)
                return { ...base, level: found.rule.level, levelSource: 'rule-default' };
        }
        return { ...base, level: 'warning', levelSource: 'spec-default' };
    }
}

;// CONCATENATED MODULE: ./shared/sarif/count.ts




const emptyCounts = () => ({ error: 0, warning: 0, note: 0, none: 0, critical: 0, high: 0, medium: 0, low: 0, total: 0 });
const RANK_BAND = { critical: 4, high: 3, medium: 2, low: 1 };
const RANK_LEVEL = { error: 3, warning: 2, note: 1, none: 0 };
const severityRank = (f) => (RANK_BAND[f.band ?? ''] ?? 0) * 10 + (RANK_LEVEL[f.level] ?? 0);
/**
 * Counts findings over any number of runs, in bounded memory. Results are grouped by what their
 * classification depends on (rule reference, explicit level, suppression, baseline state and which
 * path globs match), because the rule metadata they need (`tool`, `invocations`) may come after the
 * results in a run. A run is resolved when it ends; only a bounded number of sample findings per
 * group is kept for reports.
 */
class SarifCounter {
    policy;
    now;
    options;
    runs = new Map();
    tools = new Map();
    findings = [];
    budget;
    waiverUse;
    activeWaiver;
    /** Path predicates whose results are part of a group's key. */
    predicates = [];
    waiverBit = [];
    pathCache = new Map();
    toolPathBits = new Map();
    newCount = 0;
    unchangedCount = 0;
    absentCount = 0;
    newestAnalysis;
    constructor(policy, now, options = {}) {
        this.policy = policy;
        this.now = now;
        this.options = options;
        this.budget = options.sampleBudget ?? 10_000;
        const waivers = policy.waivers ?? [];
        this.waiverUse = waivers.map((_, index) => ({ index, matched: 0, expiredMatched: 0 }));
        this.activeWaiver = waivers.map((w) => waiverState(w.until, now).state !== 'expired');
        const paths = policy.paths;
        this.predicates.push((p) => passes(paths, p));
        for (const [name, t] of Object.entries(policy.tools ?? {})) {
            if (t.paths) {
                this.toolPathBits.set(name, this.predicates.length);
                const f = t.paths;
                this.predicates.push((p) => passes(f, p));
            }
        }
        for (const w of waivers) {
            if (w.path === undefined)
                this.waiverBit.push(undefined);
            else {
                this.waiverBit.push(this.predicates.length);
                const m = globMatcher(w.path);
                this.predicates.push((p) => m(p));
            }
        }
    }
    mask(path) {
        // "u" = path unknown: include/exclude cannot exclude it, and path waivers do not cover it.
        if (path === undefined)
            return 'u';
        let m = this.pathCache.get(path);
        if (m === undefined) {
            m = '';
            for (const pr of this.predicates)
                m += pr(path) ? '1' : '0';
            if (this.pathCache.size > 50_000)
                this.pathCache.clear();
            this.pathCache.set(path, m);
        }
        return m;
    }
    last;
    state(file, run) {
        const l = this.last;
        if (l !== undefined && l.run === run && l.file === file)
            return l;
        const key = `${file}\u0000${run}`;
        let s = this.runs.get(key);
        if (!s) {
            s = { file, run, invocations: [], groups: new Map(), results: 0, notFailing: 0, absent: 0 };
            this.runs.set(key, s);
        }
        this.last = s;
        return s;
    }
    setTool(file, run, tool) {
        this.state(file, run).tool = tool;
    }
    setInvocations(file, run, inv) {
        const s = this.state(file, run);
        s.invocations = inv;
        for (const i of inv)
            if (i.time !== undefined && (this.newestAnalysis === undefined || i.time > this.newestAnalysis))
                this.newestAnalysis = i.time;
    }
    setArtifacts(file, run, uris) {
        this.state(file, run).artifacts = uris;
    }
    path(s, f) {
        const uri = f.uri ?? (f.artifactIndex !== undefined ? s.artifacts?.[f.artifactIndex] : undefined);
        return uri === undefined ? undefined : normalisePath(uri, this.options.workspace);
    }
    result(file, run, f) {
        const s = this.state(file, run);
        s.results++;
        if (f.baselineState === 'absent') {
            s.absent++;
            return;
        }
        if (f.kind !== 'fail') {
            s.notFailing++;
            return;
        }
        const path = this.path(s, f);
        let pre = (this.policy.honorBaselineState ?? true) && (f.baselineState === 'unchanged' || f.baselineState === 'updated');
        if (this.options.baseline && this.options.baseline.match(f, path))
            pre = true;
        const mask = this.mask(path);
        const r = f.rule;
        const key = `${r.id ?? ''}\u0001${r.index ?? ''}\u0001${r.guid ?? ''}\u0001${r.component ? JSON.stringify(r.component) : ''}\u0001${f.level ?? ''}\u0001${f.suppressed ? 1 : 0}${pre ? 1 : 0}\u0001${mask}`;
        let g = s.groups.get(key);
        if (!g) {
            g = { ref: r, ruleKey: f.ruleKey, suppressed: f.suppressed, pre, mask, count: 0, samples: [] };
            if (f.level !== undefined)
                g.level = f.level;
            s.groups.set(key, g);
        }
        g.count++;
        if (g.samples.length < (this.options.samplesPerGroup ?? 20) || this.budget > 0) {
            if (g.samples.length >= (this.options.samplesPerGroup ?? 20))
                this.budget--;
            const sample = {
                message: f.message,
                fingerprint: sha256(`${f.ruleKey}\u0000${path ?? ''}\u0000${f.regionKey}\u0000${f.fingerprints.join('\u0000')}\u0000${g.count}`).slice(0, 32),
            };
            if (path !== undefined)
                sample.path = path;
            if (f.line !== undefined)
                sample.line = f.line;
            g.samples.push(sample);
        }
    }
    /**
     * Resolve a run once it has ended. Returns false (and counts nothing) when the run has no valid
     * `tool` — the caller reports that as invalid SARIF.
     */
    endRun(file, run) {
        const key = `${file}\u0000${run}`;
        const s = this.runs.get(key);
        if (!s || !s.tool)
            return false;
        this.runs.delete(key);
        this.last = undefined;
        const toolName = s.tool.driver.name;
        const t = this.toolSummary(toolName);
        t.runs++;
        t.results += s.results;
        t.notFailing += s.notFailing;
        t.absent += s.absent;
        this.absentCount += s.absent;
        const resolver = new RuleResolver(s.tool, s.invocations);
        const toolPolicy = this.policy.tools?.[toolName];
        const toolBit = this.toolPathBits.get(toolName);
        for (const g of s.groups.values()) {
            const res = resolver.resolve(g.ref, g.level, 'fail');
            t.levelSource[res.levelSource] = (t.levelSource[res.levelSource] ?? 0) + g.count;
            const ruleId = res.rule?.id || g.ruleKey;
            const b = band(res.rule?.securitySeverity);
            const known = g.mask !== 'u';
            const pathOk = !known || (g.mask[0] === '1' && (toolBit === undefined || g.mask[toolBit] === '1'));
            const ruleOk = passes(this.policy.rules, ruleId) && passes(toolPolicy?.rules, ruleId);
            let status;
            let waiver;
            if (!pathOk || !ruleOk)
                status = 'excluded';
            else {
                if (g.pre)
                    this.unchangedCount += g.count;
                else
                    this.newCount += g.count;
                // Which waivers cover this group: the rule matches and, if the waiver names a path, so does the path.
                const waivers = this.policy.waivers ?? [];
                for (let i = 0; i < waivers.length; i++) {
                    const w = waivers[i];
                    const bit = this.waiverBit[i];
                    if (!matchesAny([w.rule], ruleId) && !(res.rule === undefined && matchesAny([w.rule], g.ruleKey)))
                        continue;
                    if (bit !== undefined && (!known || g.mask[bit] !== '1'))
                        continue;
                    if (this.activeWaiver[i]) {
                        waiver = i;
                        break;
                    }
                    this.waiverUse[i].expiredMatched += g.count;
                }
                if (g.suppressed && !this.policy.countSuppressed)
                    status = 'suppressed';
                else if (waiver !== undefined)
                    status = 'waived';
                else if (g.pre)
                    status = 'existing';
                else
                    status = 'counted';
            }
            switch (status) {
                case 'excluded':
                    t.excluded += g.count;
                    break;
                case 'suppressed':
                    t.suppressed += g.count;
                    break;
                case 'waived':
                    t.waived += g.count;
                    this.waiverUse[waiver].matched += g.count;
                    break;
                case 'existing':
                    t.existing += g.count;
                    break;
                case 'counted':
                    t.counted[res.level] += g.count;
                    if (b)
                        t.counted[b] += g.count;
                    t.counted.total += g.count;
                    break;
            }
            for (const sm of g.samples) {
                const f = { tool: toolName, rule: ruleId, level: res.level, message: sm.message, fingerprint: sm.fingerprint, status, sarifFile: file };
                if (res.rule?.name)
                    f.ruleName = res.rule.name;
                if (b)
                    f.band = b;
                if (res.rule?.securitySeverity !== undefined)
                    f.securitySeverity = res.rule.securitySeverity;
                if (sm.path !== undefined)
                    f.path = sm.path;
                if (sm.line !== undefined)
                    f.line = sm.line;
                if (waiver !== undefined)
                    f.waiver = waiver;
                this.findings.push(f);
            }
        }
        return true;
    }
    /** Drop the unfinished runs of a file that turned out invalid. */
    discardFile(file) {
        for (const [key, s] of this.runs)
            if (s.file === file)
                this.runs.delete(key);
        this.last = undefined;
    }
    toolSummary(tool) {
        let t = this.tools.get(tool);
        if (!t) {
            t = { tool, runs: 0, results: 0, counted: emptyCounts(), waived: 0, suppressed: 0, excluded: 0, notFailing: 0, existing: 0, absent: 0, levelSource: {} };
            this.tools.set(tool, t);
        }
        return t;
    }
    summary() {
        const tools = [...this.tools.values()].sort((a, b) => a.tool.localeCompare(b.tool));
        const totals = { tool: '(all tools)', runs: 0, results: 0, counted: emptyCounts(), waived: 0, suppressed: 0, excluded: 0, notFailing: 0, existing: 0, absent: 0, levelSource: {} };
        for (const t of tools) {
            totals.runs += t.runs;
            totals.results += t.results;
            for (const k of Object.keys(totals.counted))
                totals.counted[k] += t.counted[k];
            totals.waived += t.waived;
            totals.suppressed += t.suppressed;
            totals.excluded += t.excluded;
            totals.notFailing += t.notFailing;
            totals.existing += t.existing;
            totals.absent += t.absent;
            for (const [k, v] of Object.entries(t.levelSource))
                totals.levelSource[k] = (totals.levelSource[k] ?? 0) + v;
        }
        const order = { counted: 0, existing: 1, waived: 2, suppressed: 3, excluded: 4 };
        const findings = [...this.findings].sort((a, b) => order[a.status] - order[b.status] || severityRank(b) - severityRank(a) || (a.path ?? '').localeCompare(b.path ?? '') || (a.line ?? 0) - (b.line ?? 0));
        return { tools, totals, findings, waivers: this.waiverUse, baseline: { new: this.newCount, unchanged: this.unchangedCount, absent: this.absentCount } };
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./shared/sarif/read.ts




const READ_CHUNK = 1024 * 1024;
/**
 * Builds scanner handlers that validate SARIF 2.1.0 shape while streaming and pass normalised
 * facts to the sink. Throws SarifError (naming the file and JSON paths) when the document is
 * invalid; collects up to 20 problems before giving up.
 */
class SarifValidator {
    file;
    sink;
    problems = new Problems(20);
    version = undefined;
    sawRuns = false;
    runTool = new Map();
    summary;
    scanner;
    constructor(file, sink, options = {}) {
        this.file = file;
        this.sink = sink;
        this.summary = { file, bytes: 0, runs: 0, results: 0, tools: [] };
        this.scanner = new SarifScanner(file, {
            rootProperty: (key, value) => {
                if (key === 'version') {
                    this.version = value;
                    this.checkVersion();
                }
            },
            runsNull: () => {
                this.sawRuns = true;
            },
            runsStart: () => {
                this.sawRuns = true;
            },
            runStart: (run) => {
                this.sawRuns = true;
                this.summary.runs++;
                this.runTool.set(run, false);
            },
            runProperty: (run, key, value) => {
                const path = `runs[${run}].${key}`;
                if (key === 'tool') {
                    const t = toolFacts(value, path, this.problems);
                    if (t) {
                        this.runTool.set(run, true);
                        if (!this.summary.tools.includes(t.driver.name))
                            this.summary.tools.push(t.driver.name);
                        this.sink.tool?.(run, t);
                    }
                }
                else if (key === 'invocations') {
                    const inv = invocationFacts(value, path, this.problems);
                    this.sink.invocations?.(run, inv);
                }
                else if (key === 'artifacts') {
                    this.sink.artifacts?.(run, artifactUris(value, path, this.problems));
                }
                this.check();
            },
            result: (run, index, value) => {
                this.summary.results++;
                const f = resultFacts(value, `runs[${run}].results[${index}]`, this.problems);
                if (f)
                    this.sink.result?.(run, index, f);
                this.check();
            },
            runEnd: (run) => {
                if (!this.runTool.get(run)) {
                    if (!this.problems.list.some((p) => p.path.startsWith(`runs[${run}].tool`)))
                        this.problems.add(`runs[${run}].tool`, 'is required');
                }
                else if (this.problems.list.length === 0)
                    this.sink.runEnd?.(run);
                this.check();
            },
        }, options);
    }
    checkVersion() {
        if (this.version !== '2.1.0') {
            const seen = typeof this.version === 'string' ? `"${this.version}"` : typeName(this.version);
            throw new SarifError('sarif-version', this.file, [{ path: 'version', message: `must be "2.1.0", found ${seen}; only SARIF 2.1.0 is supported` }]);
        }
    }
    check() {
        if (this.problems.full)
            this.throwProblems();
    }
    throwProblems(code = 'sarif-shape') {
        throw new SarifError(code, this.file, this.problems.list);
    }
    write(chunk) {
        this.summary.bytes += chunk.length;
        this.scanner.write(chunk);
    }
    end() {
        this.scanner.end();
        if (this.version === undefined)
            throw new SarifError('sarif-version', this.file, [{ path: 'version', message: 'is required (SARIF 2.1.0 documents have "version": "2.1.0")' }]);
        if (!this.sawRuns)
            this.problems.add('runs', 'is required');
        if (this.problems.list.length > 0)
            this.throwProblems();
        return this.summary;
    }
}
/** Stream one SARIF file through the validator. I/O errors become SarifError('sarif-io'). */
async function readSarifFile(file, sink, options = {}) {
    const v = new SarifValidator(file, sink, options);
    let stream;
    try {
        stream = (0,external_node_fs_.createReadStream)(file, { highWaterMark: READ_CHUNK });
        for await (const chunk of stream)
            v.write(chunk);
    }
    catch (err) {
        stream?.destroy();
        if (err instanceof SarifError)
            throw err;
        const e = err;
        throw new SarifError('sarif-io', file, [{ path: '$', message: `cannot be read: ${e.code ?? e.message}` }], { cause: err });
    }
    return v.end();
}
/** Validate a whole document held in memory (tests, small inputs). */
function readSarifText(file, text, sink = {}, chunkSize = READ_CHUNK) {
    const v = new SarifValidator(file, sink);
    const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    for (let i = 0; i < buf.length; i += chunkSize)
        v.write(buf.subarray(i, i + chunkSize));
    return v.end();
}

;// CONCATENATED MODULE: ./shared/sarif/files.ts



const SARIF_NAME = /\.sarif(\.json)?$/i;
const SKIP_DIRS = new Set(['.git', 'node_modules']);
const MAX_FILES = 10_000;
/** Split an input list: newlines or commas, blank entries dropped. */
function splitList(value) {
    if (!value)
        return [];
    return value
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
}
function walk(dir, out, accept, depth = 0) {
    if (depth > 32 || out.length > MAX_FILES)
        return;
    let names;
    try {
        names = (0,external_node_fs_.readdirSync)(dir).sort();
    }
    catch {
        return;
    }
    for (const name of names) {
        const abs = (0,external_node_path_.join)(dir, name);
        let st;
        try {
            st = (0,external_node_fs_.lstatSync)(abs); // symlinked directories are not followed (no loops)
        }
        catch {
            continue;
        }
        if (st.isDirectory()) {
            if (!SKIP_DIRS.has(name))
                walk(abs, out, accept, depth + 1);
        }
        else if ((st.isFile() || st.isSymbolicLink()) && accept(abs))
            out.push(abs);
    }
}
/**
 * Expand the `sarif` input: files, directories (every `*.sarif` / `*.sarif.json` below, like
 * upload-sarif) and globs (picomatch, relative to `cwd`). An entry that yields nothing is a problem.
 */
function expandSarifInputs(entries, cwd) {
    const files = new Set();
    const problems = [];
    for (const entry of entries) {
        const abs = (0,external_node_path_.isAbsolute)(entry) ? entry : (0,external_node_path_.resolve)(cwd, entry);
        let st;
        try {
            st = (0,external_node_fs_.statSync)(abs);
        }
        catch {
            st = undefined;
        }
        if (st?.isFile()) {
            files.add(abs);
            continue;
        }
        if (st?.isDirectory()) {
            const found = [];
            walk(abs, found, (f) => SARIF_NAME.test(f));
            if (found.length === 0)
                problems.push({ entry, message: 'is a directory with no *.sarif or *.sarif.json file in it' });
            found.forEach((f) => files.add(f));
            continue;
        }
        const scan = picomatch_default().scan(entry);
        if (!scan.isGlob) {
            problems.push({ entry, message: 'does not exist' });
            continue;
        }
        const base = (0,external_node_path_.isAbsolute)(scan.base) ? scan.base : (0,external_node_path_.resolve)(cwd, scan.base || '.');
        const isMatch = picomatch_default()(scan.glob, { dot: true });
        const found = [];
        walk(base, found, (f) => isMatch((0,external_node_path_.relative)(base, f).split(external_node_path_.sep).join('/')));
        if (found.length === 0)
            problems.push({ entry, message: 'matches no file' });
        found.forEach((f) => files.add(f));
    }
    if (files.size > MAX_FILES)
        problems.push({ entry: entries.join(', '), message: `matches more than ${MAX_FILES} files` });
    return { files: [...files].sort(), problems };
}

;// CONCATENATED MODULE: ./shared/sarif/index.ts








function invalid(err, file, role) {
    if (err instanceof SarifError)
        return { file, code: err.sarifCode, problems: err.problems, role };
    return { file, code: 'sarif-io', problems: [{ path: '$', message: err.message }], role };
}
async function analyzeSarif(opts) {
    const name = (abs) => (opts.workspace && abs.startsWith(`${opts.workspace}/`) ? abs.slice(opts.workspace.length + 1) : abs);
    const invalids = [];
    let baseline;
    if (opts.baselineFiles && opts.baselineFiles.length > 0) {
        baseline = new BaselineIndex();
        for (const abs of opts.baselineFiles) {
            const file = name(abs);
            const artifacts = new Map();
            try {
                await readSarifFile(abs, {
                    artifacts: (run, uris) => void artifacts.set(run, uris),
                    result: (run, _i, f) => {
                        if (f.kind !== 'fail' || f.baselineState === 'absent')
                            return;
                        const uri = f.uri ?? (f.artifactIndex !== undefined ? artifacts.get(run)?.[f.artifactIndex] : undefined);
                        baseline.add(f, uri === undefined ? undefined : normalisePath(uri, opts.workspace));
                    },
                }, opts.scan);
                baseline.files.push(file);
            }
            catch (err) {
                invalids.push(invalid(err, file, 'baseline'));
            }
        }
    }
    const counter = new SarifCounter(opts.policy, opts.now, { workspace: opts.workspace, baseline });
    const files = [];
    for (const abs of opts.files) {
        const file = name(abs);
        try {
            const summary = await readSarifFile(abs, {
                tool: (run, t) => counter.setTool(file, run, t),
                invocations: (run, inv) => counter.setInvocations(file, run, inv),
                artifacts: (run, uris) => counter.setArtifacts(file, run, uris),
                result: (run, _i, f) => counter.result(file, run, f),
                runEnd: (run) => void counter.endRun(file, run),
            }, opts.scan);
            files.push({ ...summary, file });
        }
        catch (err) {
            invalids.push(invalid(err, file, 'scan'));
            counter.discardFile(file);
        }
    }
    const s = counter.summary();
    const facts = {
        files,
        invalid: invalids,
        tools: s.tools,
        totals: s.totals,
        findings: s.findings,
        waivers: s.waivers,
        baseline: {
            used: baseline !== undefined,
            files: baseline?.files ?? [],
            findings: baseline?.size ?? 0,
            new: s.baseline.new,
            unchanged: s.baseline.unchanged,
            fixed: (baseline?.unmatched() ?? 0) + s.baseline.absent,
        },
    };
    if (counter.newestAnalysis !== undefined)
        facts.newestAnalysis = new Date(counter.newestAnalysis).toISOString();
    return facts;
}

;// CONCATENATED MODULE: ./shared/gate/required-checks.ts


const GITHUB_OK = new Set(['success']);
const GITLAB_PENDING = new Set(['created', 'pending', 'running', 'waiting_for_resource', 'preparing', 'scheduled', 'waiting_for_callback']);
function githubCheckRunState(status, conclusion) {
    if (status !== 'completed')
        return 'pending';
    return GITHUB_OK.has(conclusion ?? '') ? 'success' : 'failure';
}
function githubStatusState(state) {
    if (state === 'success')
        return 'success';
    if (state === 'pending')
        return 'pending';
    return 'failure';
}
function gitlabJobState(status) {
    if (status === 'success')
        return 'success';
    if (GITLAB_PENDING.has(status))
        return 'pending';
    return 'failure'; // failed, canceled, skipped, manual (never run)
}
/** A required name (exact, or a glob for matrix jobs) against what the API reported. */
function judgeCheck(name, observed) {
    const match = globMatcher(name);
    const seen = observed.filter((o) => match(o.name));
    if (seen.length === 0)
        return { name, state: 'missing', detail: 'not reported on this commit' };
    const detail = seen.map((o) => `${o.kind} ${o.name === name ? '' : `"${o.name}" `}${o.raw}`).join('; ');
    const bad = seen.find((o) => o.state === 'failure');
    const pending = seen.find((o) => o.state === 'pending');
    const pick = bad ?? pending ?? seen[0];
    const fact = { name, state: bad ? 'failure' : pending ? 'pending' : 'success', detail };
    if (pick.url)
        fact.url = pick.url;
    return fact;
}
async function must(api, path, hint) {
    const res = await api.get(path);
    if (res.status < 200 || res.status >= 300 || res.data === undefined) {
        throw new errors/* CiConstraintsError */.FX('api-failed', `${api.baseUrl}${path.split('?')[0]} answered HTTP ${res.status}`, { hint });
    }
    return res.data;
}
const MAX_PAGES = 10;
/** GitHub: check runs (paged) and the combined commit status of `sha`. */
async function githubObserved(api, repository, sha) {
    const hint = 'the token needs `checks: read` and `statuses: read` on the repository (and the commit must exist)';
    const out = [];
    const base = `/repos/${repository.split('/').map(encodeURIComponent).join('/')}/commits/${encodeURIComponent(sha)}`;
    for (let page = 1; page <= MAX_PAGES; page++) {
        const data = await must(api, `${base}/check-runs?per_page=100&page=${page}`, hint);
        const runs = Array.isArray(data.check_runs) ? data.check_runs : [];
        for (const r of runs) {
            const o = { name: r.name, kind: 'check-run', raw: r.status === 'completed' ? `completed/${r.conclusion}` : r.status, state: githubCheckRunState(r.status, r.conclusion) };
            if (r.html_url)
                o.url = r.html_url;
            out.push(o);
        }
        if (runs.length < 100 || page * 100 >= (data.total_count ?? 0))
            break;
    }
    const combined = await must(api, `${base}/status?per_page=100`, hint);
    for (const s of Array.isArray(combined.statuses) ? combined.statuses : []) {
        const o = { name: s.context, kind: 'status', raw: s.state, state: githubStatusState(s.state) };
        if (s.target_url)
            o.url = s.target_url;
        out.push(o);
    }
    return out;
}
/** GitLab: the jobs of the current pipeline (paged), then the commit's statuses (external CI). */
async function gitlabObserved(api, projectId, pipelineId, sha) {
    const hint = 'the token needs `read_api` on the project (CI_JOB_TOKEN cannot read pipeline jobs; use a project access token)';
    const out = [];
    const project = `/projects/${encodeURIComponent(projectId)}`;
    if (pipelineId) {
        for (let page = 1; page <= MAX_PAGES; page++) {
            const jobs = await must(api, `${project}/pipelines/${encodeURIComponent(pipelineId)}/jobs?per_page=100&page=${page}`, hint);
            for (const j of Array.isArray(jobs) ? jobs : []) {
                const o = { name: j.name, kind: 'job', raw: j.status, state: gitlabJobState(j.status) };
                if (j.web_url)
                    o.url = j.web_url;
                out.push(o);
            }
            if (!Array.isArray(jobs) || jobs.length < 100)
                break;
        }
    }
    for (let page = 1; page <= MAX_PAGES; page++) {
        const statuses = await must(api, `${project}/repository/commits/${encodeURIComponent(sha)}/statuses?per_page=100&page=${page}`, hint);
        for (const s of Array.isArray(statuses) ? statuses : []) {
            if (out.some((o) => o.kind === 'job' && o.name === s.name))
                continue; // the pipeline's own job already seen
            const o = { name: s.name, kind: 'status', raw: s.status, state: gitlabJobState(s.status) };
            if (s.web_url)
                o.url = s.web_url;
            out.push(o);
        }
        if (!Array.isArray(statuses) || statuses.length < 100)
            break;
    }
    return out;
}
/**
 * Look up the required names, and while some are pending (and time remains) look again. `observe`
 * is called once per poll and must not serve a cached answer. Missing names are not waited for
 * when nothing is pending: a check that was never started will not appear.
 */
async function waitForRequiredChecks(names, observe, opts) {
    const clock = opts.clock ?? Date.now;
    const sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    const start = clock();
    for (;;) {
        const observed = await observe();
        const checks = names.map((n) => judgeCheck(n, observed));
        const pending = checks.filter((c) => c.state === 'pending').map((c) => c.name);
        const waited = clock() - start;
        if (pending.length === 0 || waited + opts.pollMs > opts.timeoutMs)
            return { checks, waitedMs: waited };
        opts.onWait?.(pending, waited);
        await sleep(opts.pollMs);
    }
}

;// CONCATENATED MODULE: ./shared/gate/scan-age.ts

/**
 * The newest GitHub code-scanning analysis for a ref. 404 means "no analyses" (code scanning off or
 * nothing uploaded) and yields undefined; other non-2xx answers are errors naming the endpoint.
 */
async function githubNewestAnalysis(api, repository, ref) {
    const path = `/repos/${repository.split('/').map(encodeURIComponent).join('/')}/code-scanning/analyses?ref=${encodeURIComponent(ref)}&per_page=100&sort=created&direction=desc`;
    const res = await api.get(path);
    if (res.status === 404)
        return undefined;
    if (res.status < 200 || res.status >= 300 || !Array.isArray(res.data)) {
        throw new errors/* CiConstraintsError */.FX('api-failed', `${api.baseUrl}${path.split('?')[0]} answered HTTP ${res.status}`, {
            hint: 'the token needs `security-events: read` to list code-scanning analyses',
        });
    }
    let newest;
    for (const a of res.data) {
        const t = Date.parse(a.created_at);
        if (Number.isFinite(t) && (newest === undefined || t > newest))
            newest = t;
    }
    return newest === undefined ? undefined : { time: new Date(newest).toISOString(), source: `github code-scanning analyses for ${ref}` };
}

;// CONCATENATED MODULE: ./shared/gate/run.ts







function durationInput(platform, name, fallback) {
    const raw = platform.input(name) ?? fallback;
    if (/^\d+$/.test(raw))
        return Number(raw) * 1000;
    if (!common/* DURATION_PATTERN */.Cq.test(raw))
        throw new errors/* ConfigError */.xL('input-invalid', `input ${name} is "${raw}", not a duration`, { hint: 'write it like "90s", "5m" or "0s" (a bare number means seconds)' });
    return (0,common/* durationMs */.pc)(raw);
}
function readGateInputs(platform) {
    const githubToken = platform.input('github-token');
    const gitlabToken = platform.input('gitlab-token');
    if (githubToken)
        platform.mask(githubToken);
    if (gitlabToken)
        platform.mask(gitlabToken);
    const max = platform.input('max-annotations') ?? '10';
    if (!/^\d+$/.test(max))
        throw new errors/* ConfigError */.xL('input-invalid', `input max-annotations is "${max}", not a whole number`, { hint: 'e.g. 10' });
    return {
        sarif: splitList(platform.input('sarif')),
        baseline: splitList(platform.input('baseline')),
        githubToken,
        gitlabToken,
        waitForChecksMs: durationInput(platform, 'wait-for-checks', '5m'),
        pollMs: Math.max(1, durationInput(platform, 'poll-interval', '10s')),
        maxAnnotations: Number(max),
    };
}
/** The repository checkout: where relative inputs are resolved and what is stripped from SARIF URIs. */
function workspaceOf(platform) {
    for (const v of ['GITHUB_WORKSPACE', 'CI_PROJECT_DIR', 'CIRCLE_WORKING_DIRECTORY']) {
        const w = platform.variable(v);
        if (w && (0,external_node_path_.isAbsolute)(w))
            return w.replace(/\/+$/, '');
    }
    return process.cwd();
}
function countPolicy(gate) {
    const s = gate.sarif;
    const tools = {};
    for (const [name, t] of Object.entries(s?.tools ?? {}))
        tools[name] = { rules: t.rules, paths: t.paths };
    return {
        rules: s?.rules,
        paths: s?.paths,
        tools,
        countSuppressed: s?.suppressions === 'count',
        honorBaselineState: s?.['baseline-state'] !== 'ignore',
        waivers: gate.waivers,
    };
}
function githubApi(platform) {
    return { kind: 'github', client: () => (0,api.forgeClient)(platform, 'github') };
}
function gitlabApi(platform) {
    (0,api/* forgeBaseUrl */.C)(platform, 'gitlab'); // fail now, naming CI_API_V4_URL, rather than at the first call
    return { kind: 'gitlab', client: () => (0,api.forgeClient)(platform, 'gitlab') };
}
/** Which API answers for this run: the platform's own, else the one a token was given for. */
function pickApi(platform, ctx, inputs) {
    if (ctx.platform === 'github')
        return githubApi(platform);
    if (ctx.platform === 'gitlab')
        return gitlabApi(platform);
    if (inputs.githubToken)
        return githubApi(platform);
    if (inputs.gitlabToken)
        return gitlabApi(platform);
    throw new errors/* CiConstraintsError */.FX('api-failed', `required checks cannot be read on ${ctx.platform} without an API token`, {
        hint: 'give github-token (repository on GitHub) or gitlab-token (on GitLab) so the gate can read the commit\'s checks',
    });
}
async function lookupRequiredChecks(platform, ctx, names, inputs) {
    const sha = ctx.headSha ?? ctx.sha;
    let api;
    try {
        api = pickApi(platform, ctx, inputs);
    }
    catch (err) {
        return { source: ctx.platform, sha, checks: [], waitedMs: 0, error: (0,errors/* errorMessage */.gJ)(err) };
    }
    const project = platform.variable('CI_PROJECT_ID') ?? ctx.repository;
    const pipeline = platform.variable('CI_PIPELINE_ID') ?? (ctx.platform === 'gitlab' ? ctx.runId : undefined);
    const source = api.kind === 'github'
        ? `GitHub check runs + commit statuses of ${ctx.repository}@${sha.slice(0, 12)}`
        : `GitLab jobs of pipeline ${pipeline ?? '(none)'} + commit statuses of ${project}@${sha.slice(0, 12)}`;
    // A fresh client per poll: the API client caches every GET for the run.
    const observe = () => (api.kind === 'github' ? githubObserved(api.client(), ctx.repository, sha) : gitlabObserved(api.client(), project, pipeline, sha));
    try {
        const { checks, waitedMs } = await waitForRequiredChecks(names, observe, {
            timeoutMs: inputs.waitForChecksMs,
            pollMs: inputs.pollMs,
            onWait: (pending, waited) => platform.log.info(`security-gate: waiting for ${pending.join(', ')} (${Math.round(waited / 1000)}s of ${Math.round(inputs.waitForChecksMs / 1000)}s)`),
        });
        return { source, sha, checks, waitedMs };
    }
    catch (err) {
        return { source, sha, checks: [], waitedMs: 0, error: (0,errors/* errorMessage */.gJ)(err) };
    }
}
async function lookupScanAge(platform, ctx, sarifNewest, inputs) {
    const looked = ['SARIF invocations[].endTimeUtc'];
    if (sarifNewest)
        return { newest: sarifNewest, looked };
    const useGithub = ctx.platform === 'github' || (inputs.githubToken !== undefined && ctx.platform !== 'gitlab');
    if (!useGithub || !inputs.githubToken)
        return { looked };
    looked.push(`GitHub code-scanning analyses for ${ctx.ref}`);
    try {
        const newest = await githubNewestAnalysis(githubApi(platform).client(), ctx.repository, ctx.ref);
        return newest ? { newest, looked } : { looked };
    }
    catch (err) {
        return { looked, error: (0,errors/* errorMessage */.gJ)(err) };
    }
}
/** Gather every fact the gate's rules judge. Never throws for bad SARIF or API failures: those become facts that fail. */
async function gatherGateFacts(platform, ctx, gate, inputs, now) {
    const facts = {};
    const workspace = workspaceOf(platform);
    if (inputs.sarif.length > 0) {
        const scan = expandSarifInputs(inputs.sarif, workspace);
        const base = inputs.baseline.length > 0 ? expandSarifInputs(inputs.baseline, workspace) : { files: [], problems: [] };
        const sarif = await analyzeSarif({ files: scan.files, baselineFiles: base.files, policy: countPolicy(gate), now, workspace });
        facts.sarif = { ...sarif, inputGiven: true, inputProblems: [...scan.problems, ...base.problems.map((p) => ({ ...p, entry: `baseline ${p.entry}` }))] };
    }
    else if (inputs.baseline.length > 0) {
        throw new errors/* ConfigError */.xL('input-invalid', 'input baseline is set but sarif is not', { hint: 'give the current scan results with `sarif`' });
    }
    const names = gate['required-checks'] ?? [];
    if (names.length > 0)
        facts.requiredChecks = await lookupRequiredChecks(platform, ctx, names, inputs);
    if (gate['max-scan-age'] !== undefined) {
        const t = facts.sarif?.newestAnalysis;
        facts.scanAge = await lookupScanAge(platform, ctx, t ? { time: t, source: 'SARIF invocations[].endTimeUtc' } : undefined, inputs);
    }
    return facts;
}

;// CONCATENATED MODULE: ./shared/gate/report.ts


const CODEQUALITY_MAX = 5000;
function codeQualitySeverity(f) {
    switch (f.band) {
        case 'critical':
            return 'blocker';
        case 'high':
            return 'critical';
        case 'medium':
            return 'major';
        case 'low':
            return 'minor';
    }
    return f.level === 'error' ? 'major' : f.level === 'warning' ? 'minor' : 'info';
}
/** Counted and pre-existing findings (not waived, suppressed or excluded) as Code Quality issues. */
function codeQuality(facts) {
    return facts.findings
        .filter((f) => f.status === 'counted' || f.status === 'existing')
        .slice(0, CODEQUALITY_MAX)
        .map((f) => ({
        description: `${f.tool}: ${f.rule}: ${f.message}`.slice(0, 1000),
        check_name: f.rule,
        fingerprint: f.fingerprint,
        severity: codeQualitySeverity(f),
        location: { path: f.path ?? f.sarifFile, lines: { begin: f.line ?? 1 } },
    }));
}
const cell = (s) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
const code = (s) => `\`${s.replace(/`/g, "'")}\``;
function findingLink(ctx, f) {
    if (!f.path || !ctx.serverUrl || f.path.startsWith('/') || f.path.includes('://'))
        return undefined;
    const path = f.path.split('/').map(encodeURIComponent).join('/');
    const anchor = f.line ? `#L${f.line}` : '';
    const server = ctx.serverUrl.replace(/\/+$/, '');
    if (ctx.platform === 'github')
        return `${server}/${ctx.repository}/blob/${ctx.sha}/${path}${anchor}`;
    if (ctx.platform === 'gitlab')
        return `${server}/${ctx.repository}/-/blob/${ctx.sha}/${path}${anchor}`;
    return undefined;
}
/** The markdown section under the job summary's checks table. */
function gateSummary(ctx, gate, facts, now, top = 20) {
    const lines = [];
    const s = facts.sarif;
    if (s) {
        lines.push('### Security gate: SARIF findings', '');
        if (s.invalid.length > 0) {
            lines.push(`**${s.invalid.length} invalid SARIF file(s)** (deny; counts below leave them out):`, '');
            for (const i of s.invalid)
                lines.push(`- ${code(i.file)}: ${cell(i.problems.map((p) => `${p.path}: ${p.message}`).slice(0, 3).join('; '))}`);
            lines.push('');
        }
        lines.push('| tool | runs | results | error | warning | note | critical | high | medium | low | counted | waived | suppressed | excluded | pre-existing |');
        lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
        for (const t of [...s.tools, ...(s.tools.length > 1 ? [s.totals] : [])]) {
            const c = t.counted;
            const name = t === s.totals ? '**all tools**' : cell(t.tool);
            lines.push(`| ${name} | ${t.runs} | ${t.results} | ${c.error} | ${c.warning} | ${c.note} | ${c.critical} | ${c.high} | ${c.medium} | ${c.low} | **${c.total}** | ${t.waived} | ${t.suppressed} | ${t.excluded} | ${t.existing} |`);
        }
        if (s.tools.length === 0)
            lines.push('| (no runs) | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | **0** | 0 | 0 | 0 | 0 |');
        const max = gate.sarif?.max;
        if (max)
            lines.push('', `Thresholds (all tools): ${Object.entries(max).map(([k, v]) => `${k} ≤ ${v}`).join(', ')}`);
        for (const [tool, tp] of Object.entries(gate.sarif?.tools ?? {}))
            if (tp.max)
                lines.push(`Thresholds (${cell(tool)}): ${Object.entries(tp.max).map(([k, v]) => `${k} ≤ ${v}`).join(', ')}`);
        const counted = s.findings.filter((f) => f.status === 'counted');
        if (counted.length > 0) {
            lines.push('', `#### Top findings (${Math.min(top, counted.length)} of ${s.totals.counted.total} counted)`, '');
            lines.push('| severity | tool | rule | location | message |', '|---|---|---|---|---|');
            for (const f of counted.slice(0, top)) {
                const where = f.path ? `${f.path}${f.line ? `:${f.line}` : ''}` : '(no location)';
                const link = findingLink(ctx, f);
                const loc = link ? `[${cell(where)}](${link})` : code(where);
                const sev = f.band ? `${f.band} (${f.securitySeverity})` : f.level;
                lines.push(`| ${sev} | ${cell(f.tool)} | ${code(f.rule)} | ${loc} | ${cell(f.message.slice(0, 160))} |`);
            }
        }
        const b = s.baseline;
        if (b.used || b.unchanged > 0 || b.fixed > 0) {
            lines.push('', `**Baseline**${b.used ? ` (${b.files.map(code).join(', ')}, ${b.findings} findings)` : ' (SARIF baselineState)'}: ${b.new} new · ${b.unchanged} unchanged · ${b.fixed} fixed`);
        }
    }
    const waivers = gate.waivers ?? [];
    if (waivers.length > 0) {
        lines.push('', '#### Waivers', '', '| rule | path | until | state | findings waived | reason |', '|---|---|---|---|---:|---|');
        waivers.forEach((w, i) => {
            const { state, daysLeft } = waiverState(w.until, now);
            const use = s?.waivers.find((u) => u.index === i);
            const st = state === 'expired' ? `**expired** (${use?.expiredMatched ?? 0} findings count again)` : state === 'expiring' ? `**expires in ${daysLeft}d**` : 'active';
            lines.push(`| ${code(w.rule)} | ${w.path ? code(w.path) : 'any'} | ${w.until} | ${st} | ${use?.matched ?? 0} | ${cell(w.reason)} |`);
        });
    }
    const rc = facts.requiredChecks;
    if (rc) {
        lines.push('', `#### Required checks (${cell(rc.source)})`, '');
        if (rc.error)
            lines.push(`Lookup failed: ${cell(rc.error)}`);
        else {
            lines.push('| check | state | seen |', '|---|---|---|');
            for (const c of rc.checks)
                lines.push(`| ${cell(c.name)} | ${c.state === 'success' ? 'success' : `**${c.state}**`} | ${cell(c.detail)} |`);
            if (rc.waitedMs > 0)
                lines.push('', `Waited ${humanDuration(rc.waitedMs)} for pending checks.`);
        }
    }
    const sa = facts.scanAge;
    if (sa && gate['max-scan-age']) {
        const age = sa.newest ? `${humanDuration(Math.max(0, now.getTime() - Date.parse(sa.newest.time)))} old (${sa.newest.time}, ${cell(sa.newest.source)})` : sa.error ? `lookup failed: ${cell(sa.error)}` : 'no analysis time found';
        lines.push('', `**Newest analysis**: ${age}; limit ${gate['max-scan-age']}`);
    }
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./shared/actions/security-gate.ts




async function run(req) {
    // No gate section means the policy says nothing this step could verify: deny, never allow by default.
    if (!req.constraints.gate) {
        return { checks: [{ rule: 'gate.missing', status: 'fail', message: `environment ${req.environment} has no gate section, so no security control can be verified`, ...req.ruleSource(['gate']) }] };
    }
    const gate = req.constraints.gate;
    const inputs = readGateInputs(req.platform);
    const facts = await gatherGateFacts(req.platform, req.context, gate, inputs, req.now);
    const checks = gateChecks(gate, facts, req.now, req.ruleSource, { maxAnnotations: inputs.maxAnnotations });
    const notes = [];
    (gate.waivers ?? []).forEach((w) => {
        const { state, daysLeft } = waiverState(w.until, req.now);
        if (state === 'expired')
            notes.push(`waiver for ${w.rule}${w.path ? ` (${w.path})` : ''} expired on ${w.until}: it no longer applies`);
        else if (state === 'expiring')
            notes.push(`waiver for ${w.rule}${w.path ? ` (${w.path})` : ''} expires in ${daysLeft} day(s) (${w.until})`);
    });
    const s = facts.sarif;
    if (s && s.invalid.length > 0)
        notes.push(`${s.invalid.length} SARIF file(s) are invalid and were not counted; the gate denies until they are fixed`);
    const outcome = { checks, notes, summary: gateSummary(req.context, gate, facts, req.now) };
    const outputs = {};
    if (s) {
        outputs['findings'] = String(s.totals.counted.total);
        outputs['new-findings'] = String(s.baseline.new);
        outputs['fixed-findings'] = String(s.baseline.fixed);
        outputs['sarif-files'] = String(s.files.length);
        outcome.artifacts = [{ kind: 'codequality', content: codeQuality(s) }];
    }
    outcome.outputs = outputs;
    outcome.details = {
        sarif: s
            ? {
                files: s.files,
                invalid: s.invalid,
                inputProblems: s.inputProblems,
                totals: s.totals,
                tools: s.tools,
                waivers: s.waivers,
                baseline: s.baseline,
                newestAnalysis: s.newestAnalysis ?? null,
                topFindings: s.findings.filter((f) => f.status === 'counted').slice(0, 50),
                findingsKept: s.findings.length,
            }
            : null,
        requiredChecks: facts.requiredChecks ?? null,
        scanAge: facts.scanAge ?? null,
    };
    return outcome;
}
const securityGate = {
    name: 'security-gate',
    description: 'Block the pipeline when security controls fail: SARIF findings over thresholds (with baselines and expiring waivers), required checks not green, scans too old.',
    inputs: [
        { name: 'sarif', description: 'SARIF 2.1.0 files, globs or directories (every *.sarif / *.sarif.json below), separated by newlines or commas. Invalid SARIF denies.' },
        { name: 'baseline', description: 'Baseline SARIF file(s), globs or directories: only findings not in the baseline count; the summary reports new / unchanged / fixed.' },
        { name: 'github-token', description: 'Token for the GitHub API: check runs and commit statuses (checks: read, statuses: read) and code-scanning analyses (security-events: read).' },
        { name: 'gitlab-token', description: 'Token with read_api for the GitLab API: pipeline jobs and commit statuses for gate.required-checks.' },
        { name: 'wait-for-checks', description: 'How long to wait for pending required checks, e.g. "5m"; "0s" looks once.', default: '5m' },
        { name: 'poll-interval', description: 'How often to look again while required checks are pending.', default: '10s' },
        { name: 'max-annotations', description: 'Most findings reported one by one (each an annotation); the rest are summarised in one line.', default: '10' },
    ],
    commands: { run },
};
/* harmony default export */ const security_gate = (securityGate);


/***/ }),

/***/ 2688:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ forgeBaseUrl),
/* harmony export */   forgeClient: () => (/* binding */ forgeClient)
/* harmony export */ });
/* unused harmony export apiClient */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2635);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2);


function apiClient(kind, baseUrl, token, options = {}) {
    const headers = kind === 'github'
        ? { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': 'ci-constraints' }
        : { accept: 'application/json', 'user-agent': 'ci-constraints' };
    if (token)
        headers[kind === 'github' ? 'authorization' : 'private-token'] = kind === 'github' ? `Bearer ${token}` : token;
    const cache = new Map();
    const base = baseUrl.replace(/\/+$/, '');
    return {
        baseUrl: base,
        get(path) {
            const url = `${base}${path.startsWith('/') ? '' : '/'}${path}`;
            let pending = cache.get(url);
            if (!pending) {
                pending = (0,_http_js__WEBPACK_IMPORTED_MODULE_1__.httpRequest)(url, { headers, label: `${kind} API GET ${path.split('?')[0]}`, ...options }).then((res) => {
                    if (res.status >= 200 && res.status < 300)
                        return { status: res.status, data: res.json() };
                    if (res.status >= 500 || res.status === 429) {
                        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CiConstraintsError */ .FX('api-failed', `${kind} API GET ${path.split('?')[0]} answered HTTP ${res.status}`);
                    }
                    return { status: res.status, data: undefined };
                });
                cache.set(url, pending);
            }
            return pending;
        },
    };
}
/**
 * A forge's API for this run: the base URL from the platform's own variables (GitHub Enterprise and
 * self-managed GitLab set them) and the token from the `<kind>-token` input. GitLab has no default
 * base: sending a self-managed instance's token to gitlab.com would leak it.
 */
function forgeBaseUrl(platform, kind) {
    if (kind === 'github')
        return platform.variable('GITHUB_API_URL') || 'https://api.github.com';
    const base = platform.variable('CI_API_V4_URL');
    if (!base)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL('usage', 'no GitLab API URL: CI_API_V4_URL is not set', { hint: 'run inside GitLab CI, or set CI_API_V4_URL (e.g. https://gitlab.example.com/api/v4)' });
    return base;
}
function forgeClient(platform, kind, options = {}) {
    return apiClient(kind, forgeBaseUrl(platform, kind), platform.input(`${kind}-token`), options);
}


/***/ }),

/***/ 2:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ redactUrl),
/* harmony export */   httpRequest: () => (/* binding */ httpRequest)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2635);



const RETRYABLE = (status) => status === 429 || status >= 500;
/**
 * One HTTP exchange policy for every client (CI APIs, OIDC, Vault, echo endpoints): a timeout per
 * attempt, bounded retries with exponential backoff on 429/5xx and network errors, a cap on the
 * body size, no redirects followed. Non-retryable statuses are returned to the caller; exhausted
 * retries throw `api-failed` naming the endpoint and the last problem.
 *
 * Built on node:http/https rather than fetch: fetch's first use costs ~60 ms of CPU to load and
 * its keep-alive pool holds the process open after the decision; a CLI that runs once wants neither.
 */
async function httpRequest(url, options = {}) {
    const attempts = Math.max(1, options.attempts ?? 3);
    const label = options.label ?? redactUrl(url);
    let target;
    try {
        target = new URL(url);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .CiConstraintsError */ .FX('input-invalid', `${label}: not a valid URL`);
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .CiConstraintsError */ .FX('input-invalid', `${label}: only http and https URLs are supported`);
    const tls = options.tls && (options.tls.ca || options.tls.cert || options.tls.key) ? options.tls : undefined;
    if (tls && target.protocol !== 'https:') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .CiConstraintsError */ .FX('input-invalid', `a CA or client certificate was given, but ${label} is not https`);
    }
    const agent = tls ? new node_https__WEBPACK_IMPORTED_MODULE_1__.Agent({ keepAlive: false, ...tls }) : undefined;
    let lastProblem = '';
    try {
        for (let attempt = 1; attempt <= attempts; attempt++) {
            try {
                const res = await exchange(target, options, label, agent);
                if (RETRYABLE(res.status) && attempt < attempts) {
                    lastProblem = `HTTP ${res.status}`;
                    await sleep(backoffMs(attempt, res.headers.get('retry-after')));
                    continue;
                }
                return res;
            }
            catch (err) {
                if (err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .CiConstraintsError */ .FX)
                    throw err;
                const e = err;
                lastProblem = e.name === 'TimeoutError' ? `timed out after ${options.timeoutMs ?? 10_000} ms` : e.code ? `${e.code} ${e.message}` : e.message;
                if (attempt < attempts)
                    await sleep(backoffMs(attempt, null));
            }
        }
    }
    finally {
        agent?.destroy();
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .CiConstraintsError */ .FX('api-failed', `${label} failed after ${attempts} attempt(s): ${lastProblem}`);
}
function exchange(target, options, label, agent) {
    const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
    const timeoutMs = options.timeoutMs ?? 10_000;
    const send = target.protocol === 'https:' ? node_https__WEBPACK_IMPORTED_MODULE_1__.request : node_http__WEBPACK_IMPORTED_MODULE_0__.request;
    return new Promise((resolve, reject) => {
        const headers = { connection: 'close', ...options.headers };
        if (options.body !== undefined)
            headers['content-length'] = String(Buffer.byteLength(options.body));
        const req = send(target, { method: options.method ?? 'GET', headers, ...(agent ? { agent } : {}) }, (res) => {
            const chunks = [];
            let size = 0;
            res.on('data', (chunk) => {
                size += chunk.length;
                if (size > maxBytes) {
                    req.destroy();
                    reject(new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .CiConstraintsError */ .FX('api-failed', `${label} answered with more than ${maxBytes} bytes`));
                    return;
                }
                chunks.push(chunk);
            });
            res.on('error', reject);
            res.on('end', () => {
                clearTimeout(timer);
                const text = Buffer.concat(chunks).toString('utf8');
                const status = res.statusCode ?? 0;
                resolve({
                    status,
                    headers: { get: (name) => headerValue(res, name) },
                    text,
                    json() {
                        try {
                            return JSON.parse(text);
                        }
                        catch {
                            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .CiConstraintsError */ .FX('api-failed', `${label} answered HTTP ${status} with a body that is not JSON`);
                        }
                    },
                });
            });
        });
        const timer = setTimeout(() => {
            const e = new Error(`timed out after ${timeoutMs} ms`);
            e.name = 'TimeoutError';
            req.destroy(e);
        }, timeoutMs);
        req.on('error', (err) => {
            clearTimeout(timer);
            reject(err);
        });
        if (options.body !== undefined)
            req.write(options.body);
        req.end();
    });
}
function headerValue(res, name) {
    const v = res.headers[name.toLowerCase()];
    if (v === undefined)
        return null;
    return Array.isArray(v) ? v.join(', ') : String(v);
}
function backoffMs(attempt, retryAfter) {
    const seconds = retryAfter !== null ? Number(retryAfter) : NaN;
    if (Number.isFinite(seconds) && seconds >= 0)
        return Math.min(seconds * 1000, 10_000);
    return Math.min(200 * 2 ** (attempt - 1), 5_000);
}
/** Strip userinfo and query strings so URLs can be named in errors. */
function redactUrl(url) {
    try {
        const u = new URL(url);
        return `${u.origin}${u.pathname}`;
    }
    catch {
        return '(invalid URL)';
    }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));


/***/ })

};
