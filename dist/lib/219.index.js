export const id = 219;
export const ids = [219];
export const modules = {

/***/ 1219:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fromGitLab: () => (/* binding */ fromGitLab),
/* harmony export */   gitlabRunnerKind: () => (/* binding */ gitlabRunnerKind)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2635);
/* harmony import */ var _refs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9242);


/**
 * GitLab.com's own instance runners describe themselves as `<n>-<colour>.<shard>.runners-manager.gitlab.com[/…]`
 * (e.g. `4-blue.shared.runners-manager.gitlab.com/default`, older `shared-runners-manager-6.gitlab.com`).
 */
const GITLAB_COM_RUNNER = /(^|\.)(shared-)?runners-manager(-\d+)?\.gitlab\.com(\/.*)?$/;
/**
 * Runner kind from what the job can see. Heuristic, documented in README.md ("GitLab runner kind (heuristic)"):
 * - `hosted`: the server is gitlab.com AND the runner description is one of GitLab.com's runner managers;
 * - `self-hosted`: any other runner that reports itself (every runner of a self-managed GitLab is the customer's own);
 * - `unknown`: no CI_RUNNER_* variables at all.
 * The description is chosen by whoever registers a runner, so `hosted` is a hint, never proof.
 */
function gitlabRunnerKind(env) {
    const description = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_RUNNER_DESCRIPTION');
    const anyRunnerVar = description ?? (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_RUNNER_ID') ?? (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_RUNNER_TAGS') ?? (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_RUNNER_VERSION') ?? (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_RUNNER_EXECUTABLE_ARCH');
    if (anyRunnerVar === undefined)
        return 'unknown';
    const host = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_SERVER_HOST') ?? hostOf((0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_SERVER_URL'));
    if (host === 'gitlab.com' && description !== undefined && GITLAB_COM_RUNNER.test(description))
        return 'hosted';
    return 'self-hosted';
}
function hostOf(url) {
    if (url === undefined)
        return undefined;
    try {
        return new URL(url).hostname;
    }
    catch {
        return undefined;
    }
}
/**
 * The PipelineContext of a GitLab CI/CD job from GitLab's predefined variables. GitLab hands out
 * short ref names; they become full refs here, byte for byte: tags → refs/tags/…, branches →
 * refs/heads/…, merge request pipelines → refs/merge-requests/<IID>/head, external pull request
 * pipelines → refs/pull/<IID>/head.
 */
function fromGitLab(env, now) {
    const P = 'GitLab CI/CD';
    const event = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .req */ .DQ)(env, 'CI_PIPELINE_SOURCE', P);
    const repository = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .req */ .DQ)(env, 'CI_PROJECT_PATH', P);
    const sha = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .req */ .DQ)(env, 'CI_COMMIT_SHA', P);
    const login = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'GITLAB_USER_LOGIN');
    const [runnerOs, runnerArch] = splitArch((0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_RUNNER_EXECUTABLE_ARCH'));
    const ctx = {
        platform: 'gitlab',
        event,
        ref: '',
        refType: 'other',
        sha,
        repository,
        actor: login,
        // GitLab names one user per pipeline: whoever pushed, ran, scheduled (owner) or triggered it.
        triggeringActor: login,
        commitAuthor: (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_COMMIT_AUTHOR'),
        refProtected: (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .bool */ .lc)((0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_COMMIT_REF_PROTECTED')),
        runner: (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .compact */ .oE)({ kind: gitlabRunnerKind(env), name: (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_RUNNER_DESCRIPTION'), os: runnerOs, arch: runnerArch }),
        workflow: (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_PIPELINE_NAME'),
        workflowRef: (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_CONFIG_PATH'),
        runId: (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_PIPELINE_ID'),
        jobId: (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_JOB_ID'),
        serverUrl: (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_SERVER_URL'),
        apiUrl: (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_API_V4_URL'),
        identitySource: 'env',
        time: now.toISOString(),
    };
    const mrIid = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_MERGE_REQUEST_IID');
    const extIid = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_EXTERNAL_PULL_REQUEST_IID');
    const tag = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_COMMIT_TAG');
    if (mrIid !== undefined) {
        ctx.ref = `refs/merge-requests/${mrIid}/head`;
        ctx.pullRequestNumber = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .positiveInt */ .NJ)(mrIid);
        const base = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_MERGE_REQUEST_PROJECT_PATH') ?? repository;
        ctx.baseRepository = base;
        ctx.headRepository = mergeRequestHead(env, base);
        const target = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_MERGE_REQUEST_TARGET_BRANCH_NAME');
        if (target !== undefined)
            ctx.baseRef = `refs/heads/${target}`;
        const source = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_MERGE_REQUEST_SOURCE_BRANCH_NAME');
        if (source !== undefined)
            ctx.headRef = `refs/heads/${source}`;
        // Merged-results pipelines build a merge commit; the author's head is the source branch SHA.
        ctx.headSha = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_MERGE_REQUEST_SOURCE_BRANCH_SHA') ?? sha;
        ctx.prAuthor = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_MERGE_REQUEST_AUTHOR');
    }
    else if (extIid !== undefined) {
        ctx.ref = `refs/pull/${extIid}/head`;
        ctx.pullRequestNumber = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .positiveInt */ .NJ)(extIid);
        const base = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_EXTERNAL_PULL_REQUEST_TARGET_REPOSITORY') ?? repository;
        const head = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_EXTERNAL_PULL_REQUEST_SOURCE_REPOSITORY');
        ctx.baseRepository = base;
        ctx.headRepository = head ?? _refs_js__WEBPACK_IMPORTED_MODULE_1__/* .UNKNOWN_HEAD_REPOSITORY */ .nD;
        const target = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_NAME');
        if (target !== undefined)
            ctx.baseRef = `refs/heads/${target}`;
        const source = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME');
        if (source !== undefined)
            ctx.headRef = `refs/heads/${source}`;
        ctx.headSha = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_SHA') ?? sha;
    }
    else if (tag !== undefined) {
        // A tag wins over any branch variable: GitLab sets CI_COMMIT_TAG only for tag pipelines.
        ctx.ref = `refs/tags/${tag}`;
    }
    else {
        // Without CI_COMMIT_TAG the pipeline is not for a tag, so the ref name is a branch.
        const branch = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_COMMIT_BRANCH') ?? (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_COMMIT_REF_NAME');
        if (branch === undefined) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL('context-invalid', 'none of CI_COMMIT_REF_NAME, CI_COMMIT_BRANCH, CI_COMMIT_TAG or CI_MERGE_REQUEST_IID is set: the pipeline\'s ref is unknown', {
                hint: 'run inside a GitLab CI/CD job, or describe the run with --context FILE',
            });
        }
        ctx.ref = `refs/heads/${branch}`;
    }
    ctx.refType = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .refTypeOf */ .hB)(ctx.ref);
    return (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .compact */ .oE)(ctx);
}
/**
 * Fork = the source project differs from the project the pipeline runs in (by ID, GitLab's
 * stable identity). When the IDs say fork but the paths agree, or the source is not known at
 * all, the head is marked unknown so it can never pass as the base.
 */
function mergeRequestHead(env, base) {
    const sourceId = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_MERGE_REQUEST_SOURCE_PROJECT_ID');
    const projectId = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_PROJECT_ID');
    const sourcePath = (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .opt */ .m7)(env, 'CI_MERGE_REQUEST_SOURCE_PROJECT_PATH');
    if (sourceId !== undefined && projectId !== undefined) {
        if (sourceId === projectId)
            return base;
        return sourcePath !== undefined && sourcePath !== base ? sourcePath : _refs_js__WEBPACK_IMPORTED_MODULE_1__/* .UNKNOWN_HEAD_REPOSITORY */ .nD;
    }
    return sourcePath ?? _refs_js__WEBPACK_IMPORTED_MODULE_1__/* .UNKNOWN_HEAD_REPOSITORY */ .nD;
}
function splitArch(v) {
    if (v === undefined)
        return [undefined, undefined];
    const i = v.indexOf('/');
    return i < 0 ? [undefined, v] : [v.slice(0, i) || undefined, v.slice(i + 1) || undefined];
}


/***/ })

};
