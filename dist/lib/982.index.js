export const id = 982;
export const ids = [982];
export const modules = {

/***/ 5982:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PROTECTING_RULES: () => (/* binding */ PROTECTING_RULES),
/* harmony export */   github: () => (/* binding */ github),
/* harmony export */   gitlab: () => (/* binding */ gitlab),
/* harmony export */   gitlabPermission: () => (/* binding */ gitlabPermission),
/* harmony export */   rulesetIncludes: () => (/* binding */ rulesetIncludes)
/* harmony export */ });
/* harmony import */ var _checks_refs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3986);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2635);


/**
 * The live facts verify-trigger needs, from GitHub's REST API or GitLab's API v4. Each lookup
 * resolves to a Fact: a value, or the endpoint and HTTP status that failed. Nothing throws.
 */
const enc = encodeURIComponent;
/** Branch and tag names keep their slashes as path segments in GitHub URLs. */
const encPath = (name) => name.split('/').map(enc).join('/');
async function get(api, kind, path) {
    try {
        return await api.get(path);
    }
    catch (err) {
        return { problem: (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(err) };
    }
}
const httpProblem = (kind, path, status) => `${kind} API GET ${path} answered HTTP ${status}${status === 401 ? ' (the token was refused)' : status === 403 ? ' (the token lacks permission; team lookups need read:org / members: read)' : ''}`;
const github = {
    /** GET /orgs/{org}/teams/{team_slug}/memberships/{username}: an active membership; 404 = not a member. */
    async teamMember(api, team, login) {
        const [org, slug] = team.split('/');
        if (!org || !slug)
            return { ok: false, problem: `team ${JSON.stringify(team)} is not ORG/TEAM-SLUG` };
        const path = `/orgs/${enc(org)}/teams/${enc(slug)}/memberships/${enc(login)}`;
        const r = await get(api, 'github', path);
        if ('problem' in r)
            return { ok: false, problem: r.problem };
        if (r.status === 404)
            return { ok: true, value: false };
        if (r.status !== 200)
            return { ok: false, problem: httpProblem('github', path, r.status) };
        return { ok: true, value: r.data?.state === 'active' };
    },
    /** GET /repos/{o}/{r}/collaborators/{u}/permission: role_name (read…admin) or the base permission; 404 = none. */
    async permission(api, repo, login) {
        const path = `/repos/${repo}/collaborators/${enc(login)}/permission`;
        const r = await get(api, 'github', path);
        if ('problem' in r)
            return { ok: false, problem: r.problem };
        if (r.status === 404)
            return { ok: true, value: 'none' };
        if (r.status !== 200)
            return { ok: false, problem: httpProblem('github', path, r.status) };
        const known = ['read', 'triage', 'write', 'maintain', 'admin'];
        const role = r.data?.role_name;
        const value = role !== undefined && known.includes(role) ? role : r.data?.permission === 'pull' ? 'read' : r.data?.permission === 'push' ? 'write' : r.data?.permission ?? 'none';
        return { ok: true, value };
    },
    /**
     * A branch is protected when GET /repos/{o}/{r}/branches/{b} says `protected`, or an active
     * ruleset applies a protecting rule to it (GET /repos/{o}/{r}/rules/branches/{b}).
     */
    async branchProtected(api, repo, branch) {
        const bPath = `/repos/${repo}/branches/${encPath(branch)}`;
        const rPath = `/repos/${repo}/rules/branches/${encPath(branch)}`;
        const [b, rules] = await Promise.all([get(api, 'github', bPath), get(api, 'github', rPath)]);
        if ('problem' in b)
            return { ok: false, problem: b.problem };
        if (b.status === 404)
            return { ok: true, value: { protected: false, how: `GET ${bPath}: no such branch` } };
        if (b.status !== 200)
            return { ok: false, problem: httpProblem('github', bPath, b.status) };
        if (b.data?.protected === true)
            return { ok: true, value: { protected: true, how: `GET ${bPath}: protected` } };
        if ('problem' in rules)
            return { ok: false, problem: rules.problem };
        if (rules.status !== 200)
            return { ok: false, problem: httpProblem('github', rPath, rules.status) };
        const types = (Array.isArray(rules.data) ? rules.data : []).map((r) => r.type).filter((t) => typeof t === 'string');
        const protecting = types.filter((t) => PROTECTING_RULES.includes(t));
        return { ok: true, value: { protected: protecting.length > 0, how: protecting.length ? `GET ${rPath}: ruleset rules ${[...new Set(protecting)].join(', ')}` : `GET ${bPath}: not protected, and no ruleset protects it` } };
    },
    /**
     * A tag is protected when an active tag ruleset (GET /repos/{o}/{r}/rulesets?targets=tag, then
     * each ruleset) includes it by ref_name and applies a protecting rule. Tag protection rules
     * (the old /tags/protection API) were retired by GitHub in favour of rulesets.
     */
    async tagProtected(api, repo, tag) {
        const listPath = `/repos/${repo}/rulesets?targets=tag&includes_parents=true&per_page=100`;
        const list = await get(api, 'github', listPath);
        if ('problem' in list)
            return { ok: false, problem: list.problem };
        if (list.status !== 200)
            return { ok: false, problem: httpProblem('github', listPath.split('?')[0], list.status) };
        const candidates = (Array.isArray(list.data) ? list.data : []).filter((r) => typeof r.id === 'number' && (r.target ?? 'tag') === 'tag' && r.enforcement === 'active');
        const full = `refs/tags/${tag}`;
        const details = await Promise.all(candidates.map(async (c) => {
            const path = `/repos/${repo}/rulesets/${c.id}`;
            const r = await get(api, 'github', path);
            if ('problem' in r)
                return { problem: r.problem };
            if (r.status !== 200)
                return { problem: httpProblem('github', path, r.status) };
            return { ruleset: r.data };
        }));
        const failed = details.find((d) => 'problem' in d);
        for (const d of details) {
            if (!('ruleset' in d) || !d.ruleset)
                continue;
            const rs = d.ruleset;
            if (rs.enforcement !== 'active' || !rulesetIncludes(rs, full))
                continue;
            const protecting = (rs.rules ?? []).map((r) => r.type ?? '').filter((t) => PROTECTING_RULES.includes(t));
            if (protecting.length > 0)
                return { ok: true, value: { protected: true, how: `tag ruleset ${JSON.stringify(rs.name ?? rs.id)}: ${[...new Set(protecting)].join(', ')}` } };
        }
        if (failed)
            return { ok: false, problem: failed.problem };
        return { ok: true, value: { protected: false, how: `GET /repos/${repo}/rulesets: no active tag ruleset protects ${full}` } };
    },
    /** GET /repos/{o}/{r}/commits/{sha}: `commit.verification.verified` must be true; any other reason denies. */
    async signature(api, repo, sha) {
        const path = `/repos/${repo}/commits/${enc(sha)}`;
        const r = await get(api, 'github', path);
        if ('problem' in r)
            return { ok: false, problem: r.problem };
        if (r.status !== 200)
            return { ok: false, problem: httpProblem('github', path, r.status) };
        const v = r.data?.commit?.verification;
        if (!v)
            return { ok: false, problem: `GET ${path} carries no commit.verification` };
        // Only `verified: true` with reason `valid` counts; an unknown reason is not a pass.
        const verified = v.verified === true && v.reason === 'valid';
        return { ok: true, value: { sha: r.data?.sha ?? sha, verified, reason: v.reason ?? 'unknown' } };
    },
    /** GET /repos/{o}/{r}/pulls/{n}: head SHA, head repository (null when the fork is gone), author. */
    async pullRequest(api, repo, n) {
        const path = `/repos/${repo}/pulls/${n}`;
        const r = await get(api, 'github', path);
        if ('problem' in r)
            return { ok: false, problem: r.problem };
        if (r.status !== 200)
            return { ok: false, problem: httpProblem('github', path, r.status) };
        const d = r.data ?? {};
        return {
            ok: true,
            value: {
                number: n,
                ...(d.head?.sha ? { headSha: d.head.sha } : {}),
                ...(d.head?.repo?.full_name ? { headRepository: d.head.repo.full_name } : {}),
                ...(d.base?.repo?.full_name ? { baseRepository: d.base.repo.full_name } : {}),
                ...(d.head?.ref ? { headRef: `refs/heads/${d.head.ref}` } : {}),
                ...(d.user?.login ? { author: d.user.login } : {}),
            },
        };
    },
};
/** Rule types that stop a ref being rewritten or deleted at will. */
const PROTECTING_RULES = ['deletion', 'non_fast_forward', 'update', 'creation', 'pull_request', 'required_signatures', 'required_status_checks', 'required_linear_history'];
/** ruleset `ref_name` conditions: fnmatch patterns over full refs; `~ALL` matches everything. */
function rulesetIncludes(rs, fullRef) {
    const cond = rs.conditions?.ref_name;
    const match = (p) => p === '~ALL' || (0,_checks_refs_js__WEBPACK_IMPORTED_MODULE_0__/* .refMatches */ .dX)(p.startsWith('refs/') ? p : `refs/tags/${p}`, fullRef);
    const include = cond?.include ?? [];
    const exclude = cond?.exclude ?? [];
    return include.some(match) && !exclude.some(match);
}
/* ------------------------------------------------------------------ GitLab */
/** GitLab access levels → the policy's permission names (documented in README.md, verify-trigger: "`actors` and roles"). */
function gitlabPermission(accessLevel) {
    if (accessLevel >= 50)
        return 'admin';
    if (accessLevel >= 40)
        return 'maintain';
    if (accessLevel >= 30)
        return 'write';
    if (accessLevel >= 20)
        return 'triage';
    return 'none';
}
const gitlab = {
    /** GET /users?username=…: the numeric id the members API needs; undefined = no such user. */
    async userId(api, login) {
        const path = `/users?username=${enc(login)}`;
        const r = await get(api, 'gitlab', path);
        if ('problem' in r)
            return { ok: false, problem: r.problem };
        if (r.status !== 200)
            return { ok: false, problem: httpProblem('gitlab', '/users', r.status) };
        const user = (Array.isArray(r.data) ? r.data : []).find((u) => u.username === login);
        return { ok: true, value: typeof user?.id === 'number' ? user.id : undefined };
    },
    /** GET /projects/:id/members/all/:user_id or /groups/:id/members/all/:user_id (inherited members too); 404 = not a member. */
    async accessLevel(api, kind, pathOrId, userId) {
        const path = `/${kind}/${enc(pathOrId)}/members/all/${userId}`;
        const r = await get(api, 'gitlab', path);
        if ('problem' in r)
            return { ok: false, problem: r.problem };
        if (r.status === 404)
            return { ok: true, value: 0 };
        if (r.status !== 200)
            return { ok: false, problem: httpProblem('gitlab', path, r.status) };
        if (r.data?.state !== undefined && r.data.state !== 'active')
            return { ok: true, value: 0 };
        return { ok: true, value: typeof r.data?.access_level === 'number' ? r.data.access_level : 0 };
    },
    /** GET /projects/:id/protected_branches/:name or /protected_tags/:name: 200 = protected, 404 = not. */
    async refProtected(api, project, kind, name) {
        const path = `/projects/${enc(project)}/${kind === 'branch' ? 'protected_branches' : 'protected_tags'}/${enc(name)}`;
        const r = await get(api, 'gitlab', path);
        if ('problem' in r)
            return { ok: false, problem: r.problem };
        if (r.status === 404)
            return { ok: true, value: { protected: false, how: `GET ${path}: not protected` } };
        if (r.status !== 200)
            return { ok: false, problem: httpProblem('gitlab', path, r.status) };
        return { ok: true, value: { protected: true, how: `GET ${path}: protected` } };
    },
    /** GET /projects/:id/repository/commits/:sha/signature: verification_status verified (or verified_system); 404 = unsigned. */
    async signature(api, project, sha) {
        const path = `/projects/${enc(project)}/repository/commits/${enc(sha)}/signature`;
        const r = await get(api, 'gitlab', path);
        if ('problem' in r)
            return { ok: false, problem: r.problem };
        if (r.status === 404)
            return { ok: true, value: { sha, verified: false, reason: 'unsigned' } };
        if (r.status !== 200)
            return { ok: false, problem: httpProblem('gitlab', path, r.status) };
        const status = r.data?.verification_status ?? 'unknown';
        return { ok: true, value: { sha, verified: status === 'verified' || status === 'verified_system', reason: `${r.data?.signature_type ?? 'signature'} ${status}` } };
    },
};


/***/ })

};
