export const id = 4;
export const ids = [4];
export const modules = {

/***/ 7004:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CIRCLECI_TRIGGER_SOURCE_VAR: () => (/* binding */ CIRCLECI_TRIGGER_SOURCE_VAR),
/* harmony export */   CIRCLECI_UNKNOWN_EVENT: () => (/* binding */ CIRCLECI_UNKNOWN_EVENT),
/* harmony export */   fromCircleCI: () => (/* binding */ fromCircleCI)
/* harmony export */ });
/* harmony import */ var _refs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9242);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2635);


/**
 * CircleCI exposes the pipeline's trigger only as the pipeline value `<< pipeline.trigger_source >>`
 * (webhook, api, scheduled_pipeline, …), never as an environment variable. The orb's steps pass it
 * in under this name; without it the event is `unknown`, which no policy allows by accident.
 */
const CIRCLECI_TRIGGER_SOURCE_VAR = 'CIRCLE_PIPELINE_TRIGGER_SOURCE';
const CIRCLECI_UNKNOWN_EVENT = 'unknown';
/** The fork-only variables: CircleCI sets them only when the pull request comes from a fork. */
const FORK_VARS = ['CIRCLE_PR_NUMBER', 'CIRCLE_PR_USERNAME', 'CIRCLE_PR_REPONAME'];
/**
 * The PipelineContext of a CircleCI job from CIRCLE_* variables. Tag builds → refs/tags/<CIRCLE_TAG>;
 * fork pull requests (CircleCI builds them on a branch named `pull/<n>`) → refs/pull/<n>/head;
 * everything else → refs/heads/<CIRCLE_BRANCH>.
 */
function fromCircleCI(env, now) {
    const P = 'CircleCI';
    const sha = (0,_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .req */ .DQ)(env, 'CIRCLE_SHA1', P);
    const owner = (0,_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .req */ .DQ)(env, 'CIRCLE_PROJECT_USERNAME', P);
    const name = (0,_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .req */ .DQ)(env, 'CIRCLE_PROJECT_REPONAME', P);
    const repository = `${owner}/${name}`;
    const user = (0,_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .opt */ .m7)(env, 'CIRCLE_USERNAME');
    const tag = (0,_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .opt */ .m7)(env, 'CIRCLE_TAG');
    const branch = (0,_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .opt */ .m7)(env, 'CIRCLE_BRANCH');
    const fork = FORK_VARS.some((v) => (0,_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .opt */ .m7)(env, v) !== undefined);
    const prUrlNumber = pullNumberFromUrl((0,_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .opt */ .m7)(env, 'CIRCLE_PULL_REQUEST'));
    let ref;
    if (tag !== undefined) {
        ref = `refs/tags/${tag}`;
    }
    else if (fork) {
        // A fork's branch is not a branch of this repository: name the pull request, never refs/heads/<their branch>.
        const n = (0,_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .positiveInt */ .NJ)(/^pull\/([1-9][0-9]*)$/.exec(branch ?? '')?.[1]) ?? (0,_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .positiveInt */ .NJ)((0,_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .opt */ .m7)(env, 'CIRCLE_PR_NUMBER')) ?? prUrlNumber;
        if (n === undefined) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigError */ .xL('context-invalid', 'the CIRCLE_PR_* variables say this is a fork pull request, but neither CIRCLE_PR_NUMBER, CIRCLE_PULL_REQUEST nor CIRCLE_BRANCH (pull/<n>) names it', {
                hint: 'CircleCI sets CIRCLE_PR_NUMBER on fork pull requests; do not override CIRCLE_* variables in the job',
            });
        }
        ref = `refs/pull/${n}/head`;
    }
    else if (branch !== undefined) {
        ref = `refs/heads/${branch}`;
    }
    else {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigError */ .xL('context-invalid', 'neither CIRCLE_BRANCH nor CIRCLE_TAG is set: the pipeline\'s ref is unknown', {
            hint: 'run inside a CircleCI job, or describe the run with --context FILE',
        });
    }
    const ctx = {
        platform: 'circleci',
        event: (0,_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .opt */ .m7)(env, CIRCLECI_TRIGGER_SOURCE_VAR) ?? CIRCLECI_UNKNOWN_EVENT,
        ref,
        refType: (0,_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .refTypeOf */ .hB)(ref),
        sha,
        repository,
        actor: user,
        triggeringActor: user,
        pullRequestNumber: (0,_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .positiveInt */ .NJ)((0,_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .opt */ .m7)(env, 'CIRCLE_PR_NUMBER')) ?? prUrlNumber,
        // CircleCI names no runner kind; self-hosted runners are chosen by resource class, invisible to the job.
        runner: { kind: 'unknown' },
        runId: (0,_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .opt */ .m7)(env, 'CIRCLE_WORKFLOW_ID'),
        jobId: (0,_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .opt */ .m7)(env, 'CIRCLE_BUILD_NUM'),
        workflow: (0,_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .opt */ .m7)(env, 'CIRCLE_JOB'),
        identitySource: 'env',
        time: now.toISOString(),
    };
    if (fork) {
        const prUser = (0,_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .opt */ .m7)(env, 'CIRCLE_PR_USERNAME');
        const prRepo = (0,_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .opt */ .m7)(env, 'CIRCLE_PR_REPONAME');
        const head = prUser !== undefined && prRepo !== undefined ? `${prUser}/${prRepo}` : undefined;
        ctx.baseRepository = repository;
        // CircleCI says fork by setting these at all; a head that looks like the base cannot be trusted to say otherwise.
        ctx.headRepository = head !== undefined && head !== repository ? head : _refs_js__WEBPACK_IMPORTED_MODULE_0__/* .UNKNOWN_HEAD_REPOSITORY */ .nD;
        ctx.prAuthor = prUser;
    }
    else if (prUrlNumber !== undefined) {
        ctx.baseRepository = repository;
        ctx.headRepository = repository;
    }
    return (0,_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .compact */ .oE)(ctx);
}
/** `https://github.com/o/r/pull/12` (GitHub), `…/pull-requests/12` (Bitbucket), `…/merge_requests/12` (GitLab). */
function pullNumberFromUrl(url) {
    if (url === undefined)
        return undefined;
    const m = /\/(?:pull|pull-requests|merge_requests)\/([1-9][0-9]*)\/?$/.exec(url);
    return m ? (0,_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .positiveInt */ .NJ)(m[1]) : undefined;
}


/***/ })

};
