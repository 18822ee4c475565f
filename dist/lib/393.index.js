export const id = 393;
export const ids = [393];
export const modules = {

/***/ 8393:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CONTEXT_FILE_DEFAULTS: () => (/* binding */ CONTEXT_FILE_DEFAULTS),
/* harmony export */   MAX_CONTEXT_FILE_BYTES: () => (/* binding */ MAX_CONTEXT_FILE_BYTES),
/* harmony export */   fromContextFile: () => (/* binding */ fromContextFile),
/* harmony export */   fromGit: () => (/* binding */ fromGit),
/* harmony export */   parseContext: () => (/* binding */ parseContext),
/* harmony export */   pipelineContextSchema: () => (/* binding */ pipelineContextSchema),
/* harmony export */   repositoryFromRemote: () => (/* binding */ repositoryFromRemote)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var zod_mini__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5395);
/* harmony import */ var zod_mini__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3759);
/* harmony import */ var zod_mini__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3102);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2635);
/* harmony import */ var _refs_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9242);






/* ------------------------------------------------------------------ context files */
const fullRef = zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().check(zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .refine */ .YPB((r) => r.startsWith('refs/'), 'a full ref starting with refs/ (refs/heads/<branch>, refs/tags/<tag>, …)'));
const text = zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().check(zod_mini__WEBPACK_IMPORTED_MODULE_6__/* ._minLength */ .m9(1));
/** Defaults for a partial context (policy test cases, `--context FILE`); documented in README.md ("Context files"). */
const CONTEXT_FILE_DEFAULTS = Object.freeze({
    platform: 'local',
    event: 'push',
    ref: 'refs/heads/main',
    sha: '0000000000000000000000000000000000000000',
    repository: 'local/repository',
    runner: { kind: 'unknown' },
    identitySource: 'file',
});
/** Every PipelineContext field; unknown keys are errors. */
const pipelineContextSchema = zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .strictObject */ .rej({
    platform: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(zod_mini__WEBPACK_IMPORTED_MODULE_5__/* ["enum"] */ .k5n(['github', 'gitlab', 'circleci', 'local'])),
    event: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    ref: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(fullRef),
    refType: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(zod_mini__WEBPACK_IMPORTED_MODULE_5__/* ["enum"] */ .k5n(['branch', 'tag', 'pull', 'merge-request', 'other'])),
    sha: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    repository: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    headRepository: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    baseRepository: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    baseRef: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(fullRef),
    headRef: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(fullRef),
    headSha: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    pullRequestNumber: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .int */ .Whr().check(zod_mini__WEBPACK_IMPORTED_MODULE_6__/* ._positive */ .NC())),
    actor: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    triggeringActor: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    prAuthor: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    commitAuthor: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    commentAuthor: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    commentAuthorAssociation: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    commentBody: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP()),
    runner: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .strictObject */ .rej({
        kind: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(zod_mini__WEBPACK_IMPORTED_MODULE_5__/* ["enum"] */ .k5n(['hosted', 'self-hosted', 'unknown'])),
        name: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
        os: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
        arch: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    })),
    workflow: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    workflowRef: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    runId: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    runAttempt: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    jobId: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    serverUrl: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    apiUrl: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    refProtected: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY()),
    actionRef: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    upstreamEvent: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    upstreamHeadRepository: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(text),
    identitySource: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(zod_mini__WEBPACK_IMPORTED_MODULE_5__/* ["enum"] */ .k5n(['env', 'oidc', 'file'])),
    time: zod_mini__WEBPACK_IMPORTED_MODULE_5__/* .optional */ .lqM(zod_mini__WEBPACK_IMPORTED_MODULE_7__/* .datetime */ .w$({ offset: true })),
});
const TOP_KEYS = Object.keys(pipelineContextSchema.shape);
const RUNNER_KEYS = ['kind', 'name', 'os', 'arch'];
/**
 * Validate a (partial) context object — from a `--context` JSON file or a `policy test` case —
 * and fill the documented defaults. `source` names the file (and case) in every message.
 */
function parseContext(value, source, now) {
    const r = pipelineContextSchema.safeParse(value);
    if (!r.success) {
        const problems = [];
        for (const issue of r.error.issues) {
            const at = issue.path.map(String).join('.');
            if (issue.code === 'unrecognized_keys') {
                const known = issue.path.length === 0 ? TOP_KEYS : RUNNER_KEYS;
                for (const key of issue.keys) {
                    const guess = (0,_refs_js__WEBPACK_IMPORTED_MODULE_4__/* .didYouMean */ .au)(key, known);
                    problems.push(`${at ? `${at}.` : ''}${key}: unknown key${guess ? ` — did you mean "${guess}"?` : ''}`);
                }
            }
            else {
                problems.push(`${at || '(top level)'}: ${issue.message}`);
            }
        }
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigError */ .xL('context-invalid', `${source} is not a valid pipeline context (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  ${p}`).join('\n')}`, {
            hint: 'see "Context files" under "Pipeline context" in the README for the fields of a context and their defaults',
        });
    }
    const c = r.data;
    const ref = c.ref ?? CONTEXT_FILE_DEFAULTS.ref;
    const refType = (0,_refs_js__WEBPACK_IMPORTED_MODULE_4__/* .refTypeOf */ .hB)(ref);
    if (c.refType !== undefined && c.refType !== refType) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigError */ .xL('context-invalid', `${source}: refType "${c.refType}" contradicts ref ${JSON.stringify(ref)}, which is a ${refType} ref`, {
            hint: 'leave refType out; it follows from the ref',
        });
    }
    return (0,_refs_js__WEBPACK_IMPORTED_MODULE_4__/* .compact */ .oE)({
        ...c,
        platform: c.platform ?? CONTEXT_FILE_DEFAULTS.platform,
        event: c.event ?? CONTEXT_FILE_DEFAULTS.event,
        ref,
        refType,
        sha: c.sha ?? CONTEXT_FILE_DEFAULTS.sha,
        repository: c.repository ?? CONTEXT_FILE_DEFAULTS.repository,
        triggeringActor: c.triggeringActor ?? c.actor,
        runner: (0,_refs_js__WEBPACK_IMPORTED_MODULE_4__/* .compact */ .oE)({ ...c.runner, kind: c.runner?.kind ?? CONTEXT_FILE_DEFAULTS.runner.kind }),
        identitySource: c.identitySource ?? CONTEXT_FILE_DEFAULTS.identitySource,
        time: c.time !== undefined ? new Date(c.time).toISOString() : now.toISOString(),
    });
}
/** At most this much context JSON; a context is a few hundred bytes. */
const MAX_CONTEXT_FILE_BYTES = 1024 * 1024;
/** `--context FILE`: a JSON object of PipelineContext fields (partial is fine). */
function fromContextFile(textContent, file, now) {
    if (textContent.length > MAX_CONTEXT_FILE_BYTES || Buffer.byteLength(textContent, 'utf8') > MAX_CONTEXT_FILE_BYTES) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigError */ .xL('context-invalid', `${file} is larger than ${MAX_CONTEXT_FILE_BYTES} bytes; a context file is a small JSON object`, {
            hint: 'point --context at a JSON file of PipelineContext fields',
        });
    }
    let data;
    try {
        data = JSON.parse(textContent);
    }
    catch (err) {
        const at = /position (\d+)/.exec(err instanceof Error ? err.message : '')?.[1];
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigError */ .xL('context-invalid', `${file} is not JSON${at ? ` (syntax error at position ${at})` : ''}`, {
            hint: 'a context file is a JSON object such as {"event": "push", "ref": "refs/heads/main", "actor": "octocat"}',
        });
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigError */ .xL('context-invalid', `${file} holds ${Array.isArray(data) ? 'an array' : data === null ? 'null' : `a ${typeof data}`}, not a JSON object`, {
            hint: 'a context file is a JSON object such as {"event": "push", "ref": "refs/heads/main", "actor": "octocat"}',
        });
    }
    return parseContext(data, file, now);
}
/* ------------------------------------------------------------------ git */
function git(cwd, args) {
    return new Promise((resolve) => {
        (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile)('git', args, { cwd, timeout: 10_000, maxBuffer: 1024 * 1024, windowsHide: true }, (err, stdout) => {
            resolve(err ? undefined : stdout.replace(/\r?\n$/, ''));
        });
    });
}
/**
 * owner/name (or group/subgroup/project) from a remote URL: https://host/o/r(.git),
 * ssh://git@host[:port]/o/r(.git), git@host:o/r(.git). Undefined when it has no such path.
 */
function repositoryFromRemote(url) {
    let p;
    const scp = /^[^/@:]+@[^/:]+:(.+)$/.exec(url);
    if (scp)
        p = scp[1];
    else {
        try {
            p = new URL(url).pathname;
        }
        catch {
            return undefined;
        }
    }
    const name = (p ?? '').replace(/^\/+/, '').replace(/\/+$/, '').replace(/\.git$/, '');
    return /^[^/]+(\/[^/]+)+$/.test(name) ? name : undefined;
}
/**
 * A local run's context from the git checkout at `cwd`: the checked-out branch (or, detached,
 * the tag at HEAD) as a full ref, HEAD's SHA, the git user (or the OS user), and the repository
 * from the `origin` remote. Event `local`, identity from `env` (nothing here is verified).
 */
async function fromGit(cwd, now) {
    const sha = await git(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
    if (sha === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigError */ .xL('context-invalid', `${cwd} is not a git checkout with a commit (git rev-parse HEAD failed; is git installed?)`, {
            hint: 'run inside a git repository, or describe the run with --context FILE',
        });
    }
    let ref = await git(cwd, ['symbolic-ref', '--quiet', 'HEAD']);
    if (ref === undefined || ref === '') {
        const tags = await git(cwd, ['for-each-ref', '--points-at', 'HEAD', '--sort=refname', '--format=%(refname)', 'refs/tags']);
        ref = tags?.split('\n').find((t) => t.startsWith('refs/tags/'));
    }
    if (ref === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigError */ .xL('context-invalid', `HEAD in ${cwd} is detached and no tag points at it: the run's ref is unknown`, {
            hint: 'check out a branch or tag, or describe the run with --context FILE',
        });
    }
    const gitUser = await git(cwd, ['config', 'user.name']);
    let osUser;
    try {
        osUser = (0,node_os__WEBPACK_IMPORTED_MODULE_1__.userInfo)().username;
    }
    catch {
        osUser = undefined;
    }
    const user = gitUser || osUser || undefined;
    const origin = await git(cwd, ['remote', 'get-url', 'origin']);
    const top = await git(cwd, ['rev-parse', '--show-toplevel']);
    const repository = (origin && repositoryFromRemote(origin)) || `local/${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(top || cwd)}`;
    const author = await git(cwd, ['log', '-1', '--format=%an', 'HEAD']);
    return (0,_refs_js__WEBPACK_IMPORTED_MODULE_4__/* .compact */ .oE)({
        platform: 'local',
        event: 'local',
        ref,
        refType: (0,_refs_js__WEBPACK_IMPORTED_MODULE_4__/* .refTypeOf */ .hB)(ref),
        sha,
        repository,
        actor: user,
        triggeringActor: user,
        commitAuthor: author || undefined,
        runner: { kind: 'unknown', name: (0,node_os__WEBPACK_IMPORTED_MODULE_1__.hostname)(), os: (0,node_os__WEBPACK_IMPORTED_MODULE_1__.platform)(), arch: (0,node_os__WEBPACK_IMPORTED_MODULE_1__.arch)() },
        identitySource: 'env',
        time: now.toISOString(),
    });
}


/***/ })

};
