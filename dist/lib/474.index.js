export const id = 474;
export const ids = [474,2];
export const modules = {

/***/ 3474:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  "default": () => (/* binding */ require_vault_secrets)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(2635);
// EXTERNAL MODULE: ./shared/platform/redact.ts
var redact = __webpack_require__(335);
// EXTERNAL MODULE: ./shared/policy/sections/common.ts + 1 modules
var common = __webpack_require__(2726);
;// CONCATENATED MODULE: ./shared/checks/secrets.ts

function at(src, path) {
    const s = src(path);
    return s.location ? { policyPath: s.policyPath, location: s.location } : { policyPath: s.policyPath };
}
/** `secrets.vault-config`: a Vault is configured, and no input contradicts the policy. */
function vaultConfigCheck(settings, src) {
    const where = at(src, ['secrets', 'vault']);
    if (!settings.address) {
        return { rule: 'secrets.vault-config', status: 'fail', message: 'no Vault address: the environment has no secrets.vault.address and no vault-address input was given', seen: null, required: 'secrets.vault.address', ...where };
    }
    if (settings.conflicts.length) {
        const list = settings.conflicts.map((c) => `${c.key} (policy "${c.policy}", input "${c.input}")`).join(', ');
        return { rule: 'secrets.vault-config', status: 'fail', message: `inputs may not override the policy's Vault settings: ${list}`, seen: settings.conflicts, required: 'inputs equal to the policy, or left empty', ...where };
    }
    return { rule: 'secrets.vault-config', status: 'pass', message: `Vault ${settings.address}${settings.namespace ? ` namespace ${settings.namespace}` : ''}, ${settings.method} auth at auth/${settings.authPath}${settings.inPolicy ? ' (from the policy)' : ' (from inputs)'}`, seen: { address: settings.address, namespace: settings.namespace ?? null, method: settings.method, authPath: settings.authPath }, required: 'a Vault address', ...where };
}
/** Whether the policy lets this auth method be used at all (static auth needs `static-auth: allow`). */
function authAllowed(settings) {
    return settings.method === 'jwt' || settings.staticAuth === 'allow';
}
/** `secrets.vault-auth`: the run logged in with its OIDC token, or with static auth the policy explicitly allows. */
function vaultAuthCheck(settings, login, src) {
    const required = settings.staticAuth === 'allow' ? 'jwt (OIDC) login, or token/approle (static-auth: allow)' : 'jwt (OIDC) login';
    if (!authAllowed(settings)) {
        return {
            rule: 'secrets.vault-auth',
            status: 'fail',
            message: `static Vault auth "${settings.method}" is not allowed: secrets must come from a login with the run's OIDC token (set secrets.vault.static-auth: allow to permit it)`,
            seen: settings.method,
            required,
            ...at(src, ['secrets', 'vault', 'static-auth']),
        };
    }
    const where = at(src, ['secrets', 'vault', 'auth']);
    if (!login)
        return { rule: 'secrets.vault-auth', status: 'fail', message: 'Vault login did not run', seen: null, required, ...where };
    if (!login.ok) {
        return { rule: 'secrets.vault-auth', status: 'fail', message: `Vault ${login.method} login failed (${login.failure}): ${login.message}`, seen: { method: login.method, failure: login.failure }, required, ...where };
    }
    const what = login.method === 'jwt' ? `OIDC (jwt) login${settings.role ? ` as role ${settings.role}` : ''}` : `static ${login.method} login (allowed by static-auth: allow)`;
    return { rule: 'secrets.vault-auth', status: 'pass', message: `${what} succeeded; token accessor ${login.accessor || '(none)'}, policies ${login.policies.join(', ') || '(none)'}`, seen: { method: login.method, accessor: login.accessor, policies: login.policies }, required, ...where };
}
/**
 * `secrets.ttl`: the token dies soon. Deny when its TTL exceeds `max-ttl`, when it never expires, or
 * when it is renewable past `max-ttl` — renewable tokens pass only with an explicit max TTL that ends
 * within `max-ttl` of now (Vault's lookup-self does not show a role's token_max_ttl).
 */
function ttlCheck(token, maxTtl, now, src) {
    const where = at(src, ['secrets', 'vault', 'max-ttl']);
    if (!token)
        return { rule: 'secrets.ttl', status: 'fail', message: 'the Vault token could not be looked up, so its TTL is unknown', seen: null, required: maxTtl ?? 'a token lookup', ...where };
    if (maxTtl === undefined) {
        return { rule: 'secrets.ttl', status: 'skip', message: `no secrets.vault.max-ttl in the policy; the token's TTL is ${token.ttl}s${token.renewable ? ' (renewable)' : ''}`, seen: { ttl: token.ttl, renewable: token.renewable }, required: null, ...where };
    }
    const maxSeconds = Math.floor((0,common/* durationMs */.pc)(maxTtl) / 1000);
    const seen = { ttl: token.ttl, renewable: token.renewable, explicitMaxTtl: token.explicitMaxTtl, type: token.type };
    if (token.ttl <= 0)
        return { rule: 'secrets.ttl', status: 'fail', message: `the Vault token never expires (ttl 0); it must expire within ${maxTtl}`, seen, required: `ttl <= ${maxSeconds}s`, ...where };
    if (token.ttl > maxSeconds)
        return { rule: 'secrets.ttl', status: 'fail', message: `the Vault token lives ${token.ttl}s, more than max-ttl ${maxTtl} (${maxSeconds}s); lower token_ttl on the role`, seen, required: `ttl <= ${maxSeconds}s`, ...where };
    if (token.renewable) {
        if (token.explicitMaxTtl <= 0) {
            return { rule: 'secrets.ttl', status: 'fail', message: `the Vault token is renewable with no explicit max TTL, so it can outlive max-ttl ${maxTtl}; set token_explicit_max_ttl <= ${maxSeconds} on the role (or use batch tokens)`, seen, required: `not renewable past ${maxSeconds}s`, ...where };
        }
        const left = token.creationTime + token.explicitMaxTtl - Math.floor(now.getTime() / 1000);
        if (left > maxSeconds) {
            return { rule: 'secrets.ttl', status: 'fail', message: `the Vault token is renewable for ${left}s more (explicit max TTL ${token.explicitMaxTtl}s), past max-ttl ${maxTtl}; lower token_explicit_max_ttl on the role`, seen, required: `not renewable past ${maxSeconds}s`, ...where };
        }
    }
    return { rule: 'secrets.ttl', status: 'pass', message: `the Vault token expires in ${token.ttl}s${token.renewable ? ` and cannot be renewed past ${token.explicitMaxTtl}s after issue` : ' and is not renewable'}, within max-ttl ${maxTtl}`, seen, required: `ttl <= ${maxSeconds}s`, ...where };
}
/** `secrets.read` per path (and `secrets.kv-version` when the KV version disagrees). */
function readChecks(reads, src) {
    const where = at(src, ['secrets', 'vault']);
    return reads.map((r) => {
        if (r.error?.failure === 'kv-version') {
            return { rule: 'secrets.kv-version', status: 'fail', message: r.error.message, seen: { path: r.path, detected: r.detectedKv ?? null, given: r.expectedKv ?? null }, required: 'the KV version of the mount', ...where };
        }
        if (r.error) {
            return { rule: 'secrets.read', status: 'fail', message: `reading ${r.path} failed (${r.error.failure}): ${r.error.message}`, seen: { path: r.path, failure: r.error.failure }, required: 'a readable secret', ...where };
        }
        return {
            rule: 'secrets.read',
            status: 'pass',
            message: `read ${r.path}${r.logicalPath && r.logicalPath !== r.path ? ` (${r.logicalPath})` : ''} from ${r.engine ?? 'kv'}${r.leaseId ? `, lease ${r.leaseDuration}s` : ''}`,
            seen: { path: r.path, engine: r.engine ?? null, keys: r.keys ?? [], lease: Boolean(r.leaseId) },
            required: 'a readable secret',
            ...where,
        };
    });
}
/** `secrets.missing-key`: every requested key exists in its secret (one check per request whose path was read). */
function missingKeyChecks(selections, reads, src) {
    const where = at(src, ['secrets', 'vault']);
    const okPaths = new Set(reads.filter((r) => !r.error).map((r) => r.path));
    return selections
        .filter((s) => okPaths.has(s.request.path))
        .map((s) => {
        const key = s.request.key;
        const what = key === undefined ? `the whole secret ${s.request.path}` : key === '*' ? `every key of ${s.request.path}` : `key "${key}" of ${s.request.path}`;
        if (!s.found) {
            const keys = reads.find((r) => r.path === s.request.path)?.keys ?? [];
            return {
                rule: 'secrets.missing-key',
                status: 'fail',
                message: `${key === '*' ? `${s.request.path} has no keys` : `${s.request.path} has no key "${key}"`} (secrets ${s.request.source}); keys present: ${keys.join(', ') || '(none)'}`,
                seen: { path: s.request.path, key: key ?? null, keys },
                required: `key "${key}"`,
                ...where,
            };
        }
        return { rule: 'secrets.missing-key', status: 'pass', message: `${what} → ${s.names.join(', ')}`, seen: { path: s.request.path, key: key ?? null, names: s.names }, required: key === undefined ? 'the secret' : `key "${key}"`, ...where };
    });
}
/** `secrets.revoke`: the token (and the leases it read) no longer work. */
function revokeCheck(fact, src) {
    const where = at(src, ['secrets', 'vault']);
    if (!fact)
        return { rule: 'secrets.revoke', status: 'skip', message: 'nothing to revoke: no Vault token was saved by the main step', seen: null, required: 'the token revoked at job end', ...where };
    const leaseFail = fact.leases.filter((l) => typeof l.outcome === 'object');
    const leaseText = fact.leases.length ? `; leases: ${fact.leases.map((l) => `${l.id} ${typeof l.outcome === 'object' ? `failed (${l.outcome.failure})` : l.outcome === 'with-token' ? 'revoked with the token' : 'revoked'}`).join(', ')}` : '';
    const seen = { accessor: fact.accessor, token: typeof fact.token === 'object' ? `failed (${fact.token.failure})` : fact.token, leases: fact.leases.map((l) => ({ id: l.id, outcome: typeof l.outcome === 'object' ? `failed (${l.outcome.failure})` : l.outcome })) };
    if (typeof fact.token === 'object') {
        return { rule: 'secrets.revoke', status: 'fail', message: `revoking Vault token ${fact.accessor} failed (${fact.token.failure}): ${fact.token.message}${leaseText}`, seen, required: 'the token revoked at job end', ...where };
    }
    if (fact.token === 'not-revocable' && fact.leases.length > 0) {
        return { rule: 'secrets.revoke', status: 'fail', message: `Vault token ${fact.accessor} is a batch token and cannot be revoked, and it read leases${leaseText}`, seen, required: 'the token revoked at job end', ...where };
    }
    if (leaseFail.length && fact.token !== 'revoked') {
        return { rule: 'secrets.revoke', status: 'fail', message: `some leases could not be revoked${leaseText}`, seen, required: 'every lease revoked', ...where };
    }
    const tokenText = fact.token === 'revoked' ? 'revoked' : fact.token === 'already-invalid' ? 'was already invalid (expired or revoked)' : 'is a batch token: it cannot be revoked and dies at its TTL';
    return { rule: 'secrets.revoke', status: 'pass', message: `Vault token ${fact.accessor} ${tokenText}${leaseText}`, seen, required: 'the token revoked at job end', ...where };
}

;// CONCATENATED MODULE: ./shared/checks/static-credentials.ts
const STATIC_RULE = 'secrets.static';
const POLICY_PATH = ['secrets', 'static-allowed'];
function mb(bytes) {
    return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
function staticCredentialChecks(result, ruleSource) {
    const source = ruleSource(POLICY_PATH);
    const at = () => source.location ? { policyPath: source.policyPath, location: source.location } : { policyPath: source.policyPath };
    const checks = [];
    for (const f of result.findings) {
        const where = `${f.file}:${f.line}:${f.column}`;
        const credential = f.kind === 'credential';
        checks.push({
            rule: STATIC_RULE,
            status: 'fail',
            message: credential
                ? `${where}: ${f.description} (${f.rule}) ${f.redacted} — literal credentials must not be in the repository; move it to Vault and revoke it`
                : `${where}: ${f.description} (${f.rule}) — only secrets listed in secrets.static-allowed may come from the CI system`,
            seen: { rule: f.rule, kind: f.kind, file: f.file, line: f.line, column: f.column, ...(credential ? { redacted: f.redacted } : {}) },
            required: credential ? 'no literal credentials in tracked files or CI config' : 'CI secrets limited to secrets.static-allowed; everything else from Vault at run time',
            subject: { file: f.file, line: f.line },
            ...at(),
        });
    }
    const unreadable = result.skipped?.unreadable ?? [];
    for (const file of unreadable) {
        checks.push({
            rule: STATIC_RULE,
            status: 'fail',
            message: `${file}: could not be read, so it was not scanned for credentials — make it readable by the job or remove it`,
            seen: { file, skipped: 'unreadable' },
            required: 'every tracked file scanned',
            subject: { file },
            ...at(),
        });
    }
    if (checks.length === 0) {
        const counts = result.skipped?.counts ?? {};
        const skipped = Object.entries(counts)
            .filter(([, n]) => (n ?? 0) > 0)
            .map(([reason, n]) => `${n} ${reason}`);
        checks.push({
            rule: STATIC_RULE,
            status: 'pass',
            message: `no literal credentials or disallowed CI secrets in ${result.filesScanned} files (${mb(result.bytesScanned)})${skipped.length ? `; not scanned: ${skipped.join(', ')}` : ''}`,
            seen: { filesScanned: result.filesScanned, bytesScanned: result.bytesScanned, ciConfigs: result.ciConfigs ?? [], skipped: counts },
            required: 'no literal credentials in tracked files or CI config',
            ...at(),
        });
    }
    return checks;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./shared/scan/util.ts
/** Small helpers of the secret scanner: entropy, redaction, line/column lookup. */
/** Shannon entropy of a string in bits per character (0 for the empty string). */
function shannonEntropy(s) {
    if (s.length === 0)
        return 0;
    const counts = new Map();
    for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    let h = 0;
    for (const n of counts.values()) {
        const p = n / s.length;
        h -= p * Math.log2(p);
    }
    return h;
}
/**
 * The only form of a secret that ever leaves the scanner: at most its first 4 characters, and
 * fewer for short values (a quarter of the length, rounded down), followed by `…`.
 */
function util_redact(secret) {
    const shown = Math.min(4, Math.floor(secret.length / 4));
    // Never cut a surrogate pair in half.
    let prefix = secret.slice(0, shown);
    if (/[\uD800-\uDBFF]$/.test(prefix))
        prefix = prefix.slice(0, -1);
    return `${prefix}…`;
}
/** Maps offsets of one text to 1-based line and column; queries may come in any order. */
class LineIndex {
    text;
    starts;
    constructor(text) {
        this.text = text;
    }
    build() {
        const starts = [0];
        let i = -1;
        while ((i = this.text.indexOf('\n', i + 1)) !== -1)
            starts.push(i + 1);
        return starts;
    }
    locate(offset) {
        const starts = (this.starts ??= this.build());
        let lo = 0;
        let hi = starts.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (starts[mid] <= offset)
                lo = mid;
            else
                hi = mid - 1;
        }
        return { line: lo + 1, column: offset - starts[lo] + 1 };
    }
}
function escapeRegExp(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

;// CONCATENATED MODULE: ./shared/scan/ci-config.ts
/**
 * CI configuration: which files are CI configs (GitHub workflows, `.gitlab-ci.yml` with its local
 * includes, CircleCI config) and the workflow patterns that hand static secrets to a job:
 * `${{ toJSON(secrets) }}` and other whole-context uses, `secrets: inherit`, and `secrets.NAME`
 * references whose NAME is not in `secrets.static-allowed`.
 */





const CI_RULES = {
    tojson: { id: 'ci-secrets-tojson', description: 'The whole secrets context is serialised (toJSON(secrets)): every repository and organisation secret reaches the job', severity: 8.5 },
    whole: { id: 'ci-secrets-whole-context', description: 'The whole secrets context is used in an expression', severity: 8 },
    inherit: { id: 'ci-secrets-inherit', description: 'secrets: inherit passes every secret of the caller to a reusable workflow', severity: 6 },
    reference: { id: 'ci-secret-reference', description: 'A CI-stored secret is used', severity: 6 },
    dynamic: { id: 'ci-secret-dynamic-reference', description: 'A secret is selected by a computed name (secrets[...])', severity: 7 },
};
function isGithubWorkflow(path) {
    return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path);
}
async function isRegularFile(path) {
    try {
        return (await (0,promises_.lstat)(path)).isFile();
    }
    catch {
        return false;
    }
}
const MAX_INCLUDE_DEPTH = 10;
function localIncludes(text) {
    const out = [];
    let docs;
    try {
        docs = (0,dist/* parseAllDocuments */.hR)(text);
    }
    catch {
        return out;
    }
    for (const doc of docs) {
        const js = doc.toJS({ maxAliasCount: 1000 });
        if (typeof js !== 'object' || js === null)
            continue;
        const inc = js.include;
        const items = Array.isArray(inc) ? inc : inc === undefined ? [] : [inc];
        for (const item of items) {
            if (typeof item === 'string') {
                if (!/^[a-z]+:\/\//i.test(item))
                    out.push(item);
            }
            else if (item && typeof item === 'object' && typeof item.local === 'string') {
                out.push(item.local);
            }
        }
    }
    return out;
}
/** Normalises an include path to a root-relative one; undefined when it leaves the repository. */
function includePath(p) {
    const n = external_node_path_.posix.normalize(p.replace(/^\/+/, ''));
    if (n.startsWith('..') || n === '.' || n === '')
        return undefined;
    return n;
}
/**
 * CI config files present under root (found on disk, tracked or not): workflows, `.gitlab-ci.yml`
 * and its local includes (globs and nested includes followed), `.circleci/config.yml`.
 */
async function discoverCiConfigs(root, known) {
    const found = new Set();
    try {
        for (const e of await (0,promises_.readdir)((0,external_node_path_.join)(root, '.github/workflows'), { withFileTypes: true })) {
            if (e.isFile() && /\.ya?ml$/.test(e.name))
                found.add(`.github/workflows/${e.name}`);
        }
    }
    catch {
        /* no workflows */
    }
    if (await isRegularFile((0,external_node_path_.join)(root, '.circleci/config.yml')))
        found.add('.circleci/config.yml');
    if (await isRegularFile((0,external_node_path_.join)(root, '.gitlab-ci.yml'))) {
        const queue = [{ path: '.gitlab-ci.yml', depth: 0 }];
        const seen = new Set();
        while (queue.length > 0) {
            const { path, depth } = queue.shift();
            if (seen.has(path) || depth > MAX_INCLUDE_DEPTH)
                continue;
            seen.add(path);
            if (!(await isRegularFile((0,external_node_path_.join)(root, path))))
                continue;
            found.add(path);
            let text;
            try {
                text = await (0,promises_.readFile)((0,external_node_path_.join)(root, path), 'utf8');
            }
            catch {
                continue;
            }
            for (const raw of localIncludes(text)) {
                const rel = includePath(raw);
                if (!rel)
                    continue;
                if (/[*?[{]/.test(rel)) {
                    const isMatch = picomatch_default()(rel, { dot: true });
                    for (const k of known)
                        if (isMatch(k))
                            queue.push({ path: k, depth: depth + 1 });
                }
                else
                    queue.push({ path: rel, depth: depth + 1 });
            }
        }
    }
    return [...found].sort();
}
/** Expression texts of a workflow: `${{ … }}` spans and bare `if:` conditions, with offsets. */
function expressions(text) {
    const out = [];
    const re = /\$\{\{([\s\S]*?)\}\}/g;
    let m;
    while ((m = re.exec(text)) !== null)
        out.push({ text: m[1], offset: m.index + 3 });
    const ifRe = /^([ \t]*(?:-[ \t]+)?if[ \t]*:[ \t]*)([^\n]*)$/gm;
    while ((m = ifRe.exec(text)) !== null) {
        if (!m[2].includes('${{'))
            out.push({ text: m[2], offset: m.index + m[1].length });
    }
    return out;
}
function isCommentAt(text, offset) {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    return /^[ \t]*#/.test(text.slice(lineStart, offset + 1));
}
/** Workflow findings (kind `ci-config`). `staticAllowed` names compare case-insensitively, as GitHub does. */
function scanWorkflow(text, file, staticAllowed) {
    const allowed = new Set(staticAllowed.map((s) => s.toUpperCase()));
    const index = new LineIndex(text);
    const findings = [];
    const add = (rule, offset, detail) => {
        if (isCommentAt(text, offset))
            return;
        const { line, column } = index.locate(offset);
        findings.push({ rule: rule.id, description: `${rule.description}: ${detail}`, file, line, column, redacted: '', kind: 'ci-config' });
    };
    for (const expr of expressions(text)) {
        const tokens = /\bsecrets\b(\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*(?:'([^']*)'|"([^"]*)")\s*\]|\[))?/gi;
        let m;
        while ((m = tokens.exec(expr.text)) !== null) {
            const at = expr.offset + m.index;
            const name = m[2] ?? m[3] ?? m[4];
            if (name !== undefined) {
                if (!allowed.has(name.toUpperCase())) {
                    add(CI_RULES.reference, at, `secrets.${name} is not in secrets.static-allowed${allowed.size ? ` (${[...allowed].join(', ')})` : ''}`);
                }
            }
            else if (m[1] !== undefined) {
                add(CI_RULES.dynamic, at, 'secrets[…] with a computed name');
            }
            else {
                const before = expr.text.slice(0, m.index);
                if (/\btojson\s*\(\s*$/i.test(before))
                    add(CI_RULES.tojson, at, 'toJSON(secrets)');
                else
                    add(CI_RULES.whole, at, 'secrets');
            }
        }
    }
    const inherit = /^[ \t]*secrets[ \t]*:[ \t]*["']?inherit["']?[ \t]*(?:#[^\n]*)?$/gim;
    let m;
    while ((m = inherit.exec(text)) !== null)
        add(CI_RULES.inherit, m.index + m[0].search(/\S/), 'secrets: inherit');
    findings.sort((a, b) => a.line - b.line || a.column - b.column);
    return findings;
}

;// CONCATENATED MODULE: ./shared/scan/engine.ts

/** Case-insensitive (ASCII) multi-keyword matcher as a dense DFA over bytes. */
class KeywordAutomaton {
    delta;
    start;
    firstAccepting;
    /** For each state: index into `outputs` + 1, or 0 when no keyword ends there. */
    accept;
    /** Keyword ids ending at a state (including those reached through failure links). */
    outputs = [];
    constructor(keywords) {
        // The trie, over lowercased keyword bytes, as a flat table (-1: no edge) plus each state's
        // edge bytes. Typed arrays and native row copies only: this runs once per scan, before
        // anything is warm, so it must be cheap in the interpreter too.
        const encoded = keywords.map((kw) => Buffer.from(kw.toLowerCase(), 'utf8'));
        const bound = encoded.reduce((n, k) => n + k.length, 1);
        const trie = new Int32Array(bound * 256).fill(-1);
        const edges = [[]];
        const out = [[]];
        encoded.forEach((bytes, id) => {
            let s = 0;
            for (const b of bytes) {
                let next = trie[s * 256 + b];
                if (next < 0) {
                    next = edges.length;
                    edges.push([]);
                    out.push([]);
                    trie[s * 256 + b] = next;
                    edges[s].push(b);
                }
                s = next;
            }
            out[s].push(id);
        });
        const n = edges.length;
        if (n > 65535)
            throw new Error('too many keyword states');
        // Failure links and output sets, breadth first over the trie.
        const fail = new Int32Array(n);
        const order = new Int32Array(n);
        let queued = 1;
        for (let qi = 0; qi < queued; qi++) {
            const s = order[qi];
            for (const b of edges[s]) {
                const t = trie[s * 256 + b];
                if (s !== 0) {
                    let f = fail[s];
                    while (f !== 0 && trie[f * 256 + b] < 0)
                        f = fail[f];
                    const g = trie[f * 256 + b];
                    fail[t] = g < 0 ? 0 : g;
                }
                const inherited = out[fail[t]];
                if (inherited.length > 0)
                    out[t] = [...new Set([...out[t], ...inherited])];
                order[queued++] = t;
            }
        }
        // Renumber: accepting states last, so the hot loop tests `state >= firstAccepting` only.
        const renum = new Int32Array(n);
        let k = 0;
        for (let old = 0; old < n; old++)
            if (out[old].length === 0)
                renum[old] = k++;
        this.firstAccepting = k;
        for (let old = 0; old < n; old++)
            if (out[old].length > 0)
                renum[old] = k++;
        // The DFA: a state's row is its failure state's row with its own trie edges laid over it.
        // Keywords are lowercase, so an uppercase ASCII byte takes its lowercase twin's edge.
        const delta = new Uint16Array(n * 256);
        const root = renum[0] * 256;
        for (let b = 0; b < 256; b++) {
            const t = trie[fold(b)];
            delta[root + b] = t < 0 ? renum[0] : renum[t];
        }
        for (let qi = 1; qi < n; qi++) {
            const s = order[qi];
            const row = renum[s] * 256;
            const frow = renum[fail[s]] * 256;
            delta.copyWithin(row, frow, frow + 256);
            for (const b of edges[s]) {
                const t = renum[trie[s * 256 + b]];
                delta[row + b] = t;
                if (b >= 97 && b <= 122)
                    delta[row + b - 32] = t;
            }
        }
        this.delta = delta;
        this.start = renum[0];
        this.accept = new Int32Array(n);
        for (let old = 0; old < n; old++) {
            const o = out[old];
            if (o.length > 0) {
                this.outputs.push(o);
                this.accept[renum[old]] = this.outputs.length;
            }
        }
    }
}
function fold(b) {
    return b >= 65 && b <= 90 ? b + 32 : b;
}
/** Lines longer than this are scanned in windows around each keyword hit (minified code). */
const LONG_LINE = 4096;
/** Context kept on each side of a keyword hit inside a long line. */
const PAD = 1024;
/** Largest window for one evaluation of a long line. */
const MAX_WINDOW = 64 * 1024;
/** How far a multi-line rule (key blocks) may reach past its keyword's line. */
const MULTILINE_REACH = 64 * 1024;
function compileRules(rules, allowlists = []) {
    const ids = new Map();
    const keywordRules = [];
    const everywhere = [];
    const pathOnly = [];
    for (const rule of rules) {
        if (!rule.regex) {
            pathOnly.push(rule);
            continue;
        }
        if (rule.keywords.length === 0) {
            everywhere.push(rule);
            continue;
        }
        for (const kw of new Set(rule.keywords.map((k) => k.toLowerCase()))) {
            let id = ids.get(kw);
            if (id === undefined) {
                id = keywordRules.length;
                ids.set(kw, id);
                keywordRules.push([]);
            }
            keywordRules[id].push(rule);
        }
    }
    const automaton = ids.size > 0 ? new KeywordAutomaton([...ids.keys()]) : undefined;
    return { rules, automaton, keywordRules, everywhere, pathOnly, allowlists };
}
function test(re, s) {
    re.lastIndex = 0;
    return re.test(s);
}
function allowlistHits(a, file, secret, match, line) {
    const target = a.regexTarget === 'match' ? match : a.regexTarget === 'line' ? line : secret;
    const checks = [];
    if (a.paths.length > 0)
        checks.push(a.paths.some((re) => test(re, file)));
    if (a.regexes.length > 0)
        checks.push(a.regexes.some((re) => test(re, target)));
    if (a.stopwords.length > 0) {
        const lower = secret.toLowerCase();
        checks.push(a.stopwords.some((w) => lower.includes(w.toLowerCase())));
    }
    if (checks.length === 0)
        return false;
    return a.condition === 'AND' ? checks.every(Boolean) : checks.some(Boolean);
}
/** True when a global allowlist excludes the file for every rule by path alone. */
function pathAllowlisted(compiled, file) {
    return compiled.allowlists.some((a) => !a.targetRules && a.paths.length > 0 && a.regexes.length === 0 && a.stopwords.length === 0 && a.paths.some((re) => test(re, file)));
}
function secretOf(rule, m) {
    let secret;
    if (rule.secretGroup !== undefined && rule.secretGroup > 0)
        secret = m[rule.secretGroup];
    else
        for (let i = 1; i < m.length && secret === undefined; i++)
            if (m[i])
                secret = m[i];
    if (!secret)
        return { secret: m[0], offset: 0 };
    const at = m[0].indexOf(secret);
    return { secret, offset: at < 0 ? 0 : at };
}
function lineAround(text, offset) {
    const s = text.lastIndexOf('\n', offset - 1) + 1;
    let e = text.indexOf('\n', offset);
    if (e < 0)
        e = text.length;
    if (e - s > 2 * PAD)
        return text.slice(Math.max(s, offset - PAD), Math.min(e, offset + PAD));
    return text.slice(s, e);
}
const IDENT = /[\w.-]/;
/** The identifier ([\w.-]) a match starts in, for name-based checks. */
function identifierAt(text, start, match) {
    let s = start;
    while (s > 0 && s > start - 80 && IDENT.test(text[s - 1]))
        s--;
    return text.slice(s, start) + /^[\w.-]*/.exec(match)[0];
}
/** The automaton state after the last `advance` (kept out of the hot loop's return value). */
const cursorState = new Int32Array(1);
/**
 * The hot loop: runs the automaton from state `s` over bytes[from, to) and returns the index of
 * the first byte where a keyword ends (or `to`); the state there is left in cursorState[0].
 */
function advance(delta, firstAccepting, bytes, from, to, s) {
    let i = from;
    for (; i < to; i++) {
        s = delta[(s << 8) | bytes[i]];
        if (s >= firstAccepting)
            break;
    }
    cursorState[0] = s;
    return i;
}
/**
 * Scans the bytes of one file. This driver stays small so that it is optimised early and never
 * thrown away: it only runs the automaton; the first keyword hit (or a rule without keywords)
 * brings in a FileScan, which does everything else.
 */
function scanBuffer(buf, file, compiled) {
    let scan;
    const ac = compiled.automaton;
    if (ac) {
        const { delta, firstAccepting } = ac;
        const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
        const n = bytes.length;
        let i = 0;
        let s = ac.start;
        while (i < n) {
            i = advance(delta, firstAccepting, bytes, i, n, s);
            if (i >= n)
                break;
            scan ??= new FileScan(buf, bytes, file, compiled, ac);
            // A keyword ends at i: the FileScan takes its line and returns where to resume.
            i = scan.segment(i, cursorState[0]);
            s = cursorState[0];
        }
    }
    if (compiled.everywhere.length > 0) {
        scan ??= new FileScan(buf, new Uint8Array(buf.buffer, buf.byteOffset, buf.length), file, compiled, ac);
        const text = buf.toString('utf8');
        for (const rule of compiled.everywhere)
            scan.evaluate(rule, 0, buf.length, text);
    }
    return scan ? scan.findings() : [];
}
/** The work on one file that has at least one keyword hit: regexes, checks, allowlists, locations. */
class FileScan {
    buf;
    bytes;
    file;
    compiled;
    ac;
    candidates = [];
    seen = new Set();
    /** Rules owning the keywords of the current segment, in the order first seen (no per-hit Set). */
    picked = [];
    constructor(buf, bytes, file, compiled, ac) {
        this.buf = buf;
        this.bytes = bytes;
        this.file = file;
        this.compiled = compiled;
        this.ac = ac;
    }
    collect(state) {
        const ac = this.ac;
        for (const id of ac.outputs[ac.accept[state] - 1])
            for (const r of this.compiled.keywordRules[id])
                if (!this.picked.includes(r))
                    this.picked.push(r);
    }
    /**
     * A keyword ends at byte i (automaton in state s): evaluates the rules of every keyword on its
     * line (or a window of a long line) and returns where the automaton resumes, its state there
     * left in cursorState[0].
     */
    segment(i, s) {
        const { buf, bytes } = this;
        const ac = this.ac;
        const { delta, firstAccepting } = ac;
        const n = bytes.length;
        const lineStart = buf.lastIndexOf(10, i) + 1;
        let lineEnd = buf.indexOf(10, i);
        if (lineEnd < 0)
            lineEnd = n;
        let segStart = lineStart;
        let segEnd = lineEnd;
        if (lineEnd - lineStart > LONG_LINE) {
            segStart = Math.max(lineStart, i - 64 - PAD);
            segEnd = Math.min(lineEnd, i + 1 + PAD);
        }
        this.picked.length = 0;
        this.collect(s);
        // Continue the automaton to the segment end (long lines: extend the window per hit).
        let j = i + 1;
        while (j < segEnd) {
            j = advance(delta, firstAccepting, bytes, j, segEnd, s);
            s = cursorState[0];
            if (j >= segEnd)
                break;
            this.collect(s);
            if (segEnd < lineEnd && segEnd - segStart < MAX_WINDOW)
                segEnd = Math.min(lineEnd, j + 1 + PAD);
            j++;
        }
        let text;
        for (const rule of this.picked) {
            if (rule.multiline)
                this.evaluate(rule, segStart, Math.min(n, Math.max(segEnd, lineEnd + MULTILINE_REACH)));
            else
                this.evaluate(rule, segStart, segEnd, (text ??= buf.toString('utf8', segStart, segEnd)));
        }
        // Resume after the segment; a window cut inside a long line restarts with fresh context.
        if (segEnd < lineEnd) {
            cursorState[0] = ac.start;
            return Math.max(i + 1, segEnd - PAD);
        }
        cursorState[0] = s;
        return segEnd;
    }
    /** Runs one rule's regex over bytes [from, to) (decoded, or `text` when given) and keeps what passes. */
    evaluate(rule, from, to, text) {
        const { file, compiled } = this;
        if (rule.path && !test(rule.path, file))
            return;
        const segment = text ?? this.buf.toString('utf8', from, to);
        const re = rule.regex;
        re.lastIndex = 0;
        let m;
        let empty = 0;
        while ((m = re.exec(segment)) !== null) {
            if (m[0].length === 0) {
                re.lastIndex++;
                if (++empty > 100000)
                    break;
                continue;
            }
            const { secret: raw, offset } = secretOf(rule, m);
            const secret = rule.extract ? rule.extract(raw) : raw;
            if (secret.length === 0)
                continue;
            const start = from + Buffer.byteLength(segment.slice(0, m.index));
            const key = `${rule.id}@${start}`;
            if (this.seen.has(key))
                continue;
            this.seen.add(key);
            if (rule.entropy !== undefined && shannonEntropy(secret) < rule.entropy)
                continue;
            if (rule.validate && !rule.validate(secret, m[0], identifierAt(segment, m.index, m[0])))
                continue;
            const line = lineAround(segment, m.index + offset);
            if (line.includes('gitleaks:allow'))
                continue;
            const lists = [...(rule.allowlists ?? []), ...compiled.allowlists.filter((a) => !a.targetRules || a.targetRules.includes(rule.id))];
            if (lists.some((a) => allowlistHits(a, file, secret, m[0], line)))
                continue;
            this.candidates.push({
                rule,
                start,
                end: start + Buffer.byteLength(m[0]),
                secretAt: start + Buffer.byteLength(m[0].slice(0, offset)),
                secret,
            });
        }
    }
    /** The findings: overlaps resolved, sorted, located, redacted. */
    findings() {
        const { candidates, compiled, buf, file } = this;
        if (candidates.length === 0)
            return [];
        // A name-based (generic) finding gives way to a provider rule that found the same secret.
        const specific = candidates.filter((c) => !c.rule.generic);
        const rank = (r) => compiled.rules.indexOf(r);
        const final = candidates.filter((c) => (!c.rule.generic || !specific.some((o) => o.start < c.end && c.start < o.end)) &&
            // Two provider rules on the same secret: the earlier rule in the list speaks.
            !candidates.some((o) => o !== c && o.secretAt === c.secretAt && o.secret === c.secret && rank(o.rule) < rank(c.rule)));
        final.sort((a, b) => a.secretAt - b.secretAt || a.rule.id.localeCompare(b.rule.id));
        // Line numbers: count newlines once, forwards, up to each finding (they are sorted by offset).
        let lineNo = 1;
        let lineStart = 0;
        const locate = (at) => {
            for (let p = buf.indexOf(10, lineStart); p !== -1 && p < at; p = buf.indexOf(10, p + 1)) {
                lineNo++;
                lineStart = p + 1;
            }
            return { line: lineNo, column: buf.toString('utf8', lineStart, at).length + 1 };
        };
        return final.map((c) => ({ rule: c.rule.id, description: c.rule.description, file, ...locate(c.secretAt), redacted: util_redact(c.secret), kind: c.rule.kind }));
    }
}
/** Scans a string (tests, CI configs already in memory). */
function scanText(text, file, compiled) {
    return scanBuffer(Buffer.from(text, 'utf8'), file, compiled);
}
/** Findings of path-only rules (e.g. a committed `.p12`): the file itself is the finding. */
function scanPath(file, compiled) {
    return compiled.pathOnly
        .filter((r) => r.path && test(r.path, file))
        .filter((r) => !compiled.allowlists.some((a) => (!a.targetRules || a.targetRules.includes(r.id)) && a.paths.some((re) => test(re, file))))
        .map((r) => ({ rule: r.id, description: r.description, file, line: 1, column: 1, redacted: '', kind: r.kind }));
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./shared/scan/files.ts
/**
 * Which files a scan reads, and reading them safely: tracked files from `git ls-files` (or only
 * those changed since a base with `git diff`), a directory walk outside git, no symlinks followed,
 * FIFOs and devices never opened for reading, binaries and oversized files skipped.
 */




function git(root, args) {
    return new Promise((resolvePromise, reject) => {
        (0,external_node_child_process_.execFile)('git', ['-c', 'core.fsmonitor=false', '-c', `safe.directory=${(0,external_node_path_.resolve)(root)}`, '-C', root, ...args], { maxBuffer: 512 * 1024 * 1024, encoding: 'utf8', windowsHide: true }, (err, stdout, stderr) => (err ? reject(Object.assign(err, { stderr })) : resolvePromise(stdout)));
    });
}
async function isGitWorkTree(root) {
    try {
        return (await git(root, ['rev-parse', '--is-inside-work-tree'])).trim() === 'true';
    }
    catch {
        return false;
    }
}
function splitZ(out) {
    return out.split('\0').filter((p) => p.length > 0);
}
/** Repository-relative paths (forward slashes) to scan. */
async function listFiles(root, diffBase) {
    const inGit = await isGitWorkTree(root);
    if (diffBase !== undefined) {
        if (!inGit) {
            throw new errors/* ConfigError */.xL('input-invalid', `a diff base ("${diffBase}") was given but ${root} is not a git work tree`, {
                hint: 'drop the diff base to scan every file, or scan a git checkout',
            });
        }
        if (diffBase.startsWith('-') || /[\s\0]/.test(diffBase)) {
            throw new errors/* ConfigError */.xL('input-invalid', `diff base "${diffBase}" is not a revision name`, { hint: 'give a commit SHA, branch or tag' });
        }
        try {
            await git(root, ['rev-parse', '--verify', '--quiet', `${diffBase}^{commit}`]);
        }
        catch {
            throw new errors/* ConfigError */.xL('input-invalid', `diff base "${diffBase}" is not a commit of this repository`, {
                hint: 'fetch enough history (actions/checkout fetch-depth: 0, GIT_DEPTH) or pass an existing SHA',
            });
        }
        const out = await git(root, ['diff', '--name-only', '-z', '--relative', '--no-renames', '--diff-filter=ACMRT', diffBase, '--']);
        return { files: splitZ(out), git: true };
    }
    if (inGit) {
        // Paths come relative to root (git's cwd); -z keeps odd names intact.
        const out = await git(root, ['ls-files', '-z', '--cached', '--', '.']).catch(() => undefined);
        if (out !== undefined)
            return { files: [...new Set(splitZ(out))], git: true };
    }
    return { files: await walk(root), git: false };
}
/** All regular files under root, `.git` excluded, symlinks not followed (sync reads: see readTextSync). */
async function walk(root) {
    const out = [];
    const stack = [''];
    while (stack.length > 0) {
        const rel = stack.pop();
        let entries;
        try {
            entries = (0,external_node_fs_.readdirSync)((0,external_node_path_.join)(root, rel), { withFileTypes: true });
        }
        catch {
            continue;
        }
        for (const e of entries) {
            const p = rel ? `${rel}/${e.name}` : e.name;
            if (e.isDirectory()) {
                if (e.name !== '.git')
                    stack.push(p);
            }
            else if (e.isFile())
                out.push(p);
            else if (e.isSymbolicLink())
                out.push(p); // reported as skipped, never followed
        }
    }
    return out.sort();
}
const SNIFF = 8000;
function errCode(err) {
    return err.code ?? 'error';
}
/** Bytes read per file before asking how large it is: most source files fit. */
const FIRST_READ = 256 * 1024;
/** A scratch buffer grows to the largest file read, up to this; larger files get their own. */
const SCRATCH_MAX = 64 * 1024 * 1024;
/**
 * Reads one text file, or says why not. Never follows a symlink (O_NOFOLLOW), never blocks on a
 * FIFO (O_NONBLOCK), never reads past maxBytes + 1. `scratch` is a caller-owned buffer reused
 * across files (it grows to the largest file, so large files are neither allocated nor copied):
 * the result may point into it, so use it before the next read with the same scratch.
 *
 * Synchronous on purpose: the scanner runs in a CLI process with nothing else to do, the files sit
 * in the page cache, and a blocking open/read/close costs a few microseconds where the same calls
 * through libuv's thread pool cost ten times that in hand-offs (measured: 2,840 files in ~25 ms
 * against ~250 ms). No fstat for files shorter than the first read.
 */
function readTextSync(root, rel, maxBytes, scratch) {
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)((0,external_node_path_.join)(root, rel), external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW | external_node_fs_.constants.O_NONBLOCK);
    }
    catch (err) {
        const code = errCode(err);
        if (code === 'ELOOP' || code === 'EMLINK')
            return { ok: false, reason: 'symlink' };
        if (code === 'ENOENT' || code === 'ENOTDIR')
            return { ok: false, reason: 'missing' };
        if (code === 'EISDIR')
            return { ok: false, reason: 'not-regular' };
        return { ok: false, reason: 'unreadable', detail: code };
    }
    try {
        const first = Math.min(FIRST_READ, maxBytes + 1);
        let buf = scratch?.buf && scratch.buf.length >= first ? scratch.buf.subarray(0, first) : Buffer.allocUnsafe(first);
        if (scratch && !scratch.buf)
            scratch.buf = buf;
        let at = (0,external_node_fs_.readSync)(fd, buf, 0, buf.length, 0);
        if (at === buf.length) {
            // Larger than the first read: check it is a regular file within the limit, then read it all.
            const st = (0,external_node_fs_.fstatSync)(fd);
            if (!st.isFile())
                return { ok: false, reason: 'not-regular' };
            if (st.size > maxBytes)
                return { ok: false, reason: 'too-large', detail: String(st.size) };
            const need = Math.min(maxBytes + 1, Math.max(st.size + 1, at + 1));
            if (scratch?.buf && scratch.buf.length >= need) {
                buf = scratch.buf.subarray(0, need); // the first read is already at its start
            }
            else {
                const whole = Buffer.allocUnsafe(need);
                buf.copy(whole, 0, 0, at);
                buf = whole;
                if (scratch && need <= SCRATCH_MAX)
                    scratch.buf = whole; // grows to the largest file seen
            }
        }
        // Read to the end, unless more arrives than the limit (pipes, growing files).
        for (;;) {
            if (at === buf.length)
                return { ok: false, reason: 'too-large', detail: `>${maxBytes}` };
            const n = (0,external_node_fs_.readSync)(fd, buf, at, buf.length - at, at);
            if (n === 0)
                break;
            at += n;
        }
        if (at > maxBytes)
            return { ok: false, reason: 'too-large', detail: String(at) };
        const data = buf.subarray(0, at);
        const sniff = data.length < SNIFF ? data : data.subarray(0, SNIFF);
        if (sniff.indexOf(0) !== -1)
            return { ok: false, reason: 'binary' };
        return { ok: true, buffer: data, bytes: data.length };
    }
    catch (err) {
        const code = errCode(err);
        if (code === 'EISDIR')
            return { ok: false, reason: 'not-regular' };
        if (code === 'EAGAIN')
            return { ok: false, reason: 'not-regular' };
        return { ok: false, reason: 'unreadable', detail: code };
    }
    finally {
        try {
            (0,external_node_fs_.closeSync)(fd);
        }
        catch {
            // nothing to do: the descriptor is gone either way
        }
    }
}
/** Promise form of readTextSync, for callers that want one. */
async function readText(root, rel, maxBytes, scratch) {
    return readTextSync(root, rel, maxBytes, scratch);
}

// EXTERNAL MODULE: ./node_modules/smol-toml/dist/index.js + 8 modules
var smol_toml_dist = __webpack_require__(3292);
;// CONCATENATED MODULE: ./shared/scan/gitleaks-config.ts
/**
 * Loads a user's `.gitleaks.toml`: `[[rules]]` (id, description, regex, secretGroup, entropy,
 * keywords, path, rule allowlists) and global `[allowlist]` / `[[allowlists]]` (paths, regexes,
 * regexTarget, stopwords, condition, targetRules). Commits in allowlists are ignored (no history is
 * scanned). Go RE2 syntax is translated to JavaScript; what cannot be translated is a ConfigError
 * naming the rule.
 */



const POSIX = {
    alpha: 'A-Za-z',
    digit: '0-9',
    alnum: 'A-Za-z0-9',
    upper: 'A-Z',
    lower: 'a-z',
    space: ' \\t\\n\\r\\f\\v',
    blank: ' \\t',
    xdigit: '0-9A-Fa-f',
    word: '\\w',
    punct: '!-\\/:-@\\[-`{-~',
    cntrl: '\\x00-\\x1f\\x7f',
    print: ' -~',
    graph: '!-~',
    ascii: '\\x00-\\x7f',
};
class Untranslatable extends Error {
}
function foldChar(c) {
    const lo = c.toLowerCase();
    const up = c.toUpperCase();
    return lo !== up && lo.length === 1 && up.length === 1 ? `[${lo}${up}]` : escapeLiteral(c);
}
function escapeLiteral(c) {
    return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
function hexEscape(code) {
    return `\\u${code.toString(16).padStart(4, '0')}`;
}
/** Translates one RE2 pattern. `globalI`/`globalS`: flags the caller turns into JS flags. */
function translate(src, manual, start) {
    let out = '';
    let i = 0;
    const stack = [];
    let flags = { ...start };
    const readEscape = (inClass) => {
        const c = src[i + 1];
        if (c === undefined)
            throw new Untranslatable('trailing backslash');
        i += 2;
        if (c === 'x') {
            if (src[i] === '{') {
                const end = src.indexOf('}', i);
                if (end < 0)
                    throw new Untranslatable('unterminated \\x{');
                const hex = src.slice(i + 1, end);
                i = end + 1;
                const code = parseInt(hex, 16);
                if (!/^[0-9a-fA-F]{1,6}$/.test(hex) || code > 0xffff)
                    throw new Untranslatable(`\\x{${hex}} outside the Basic Multilingual Plane`);
                return { text: hexEscape(code), code };
            }
            const hex = src.slice(i, i + 2);
            i += 2;
            return { text: `\\x${hex}`, code: parseInt(hex, 16) };
        }
        if (c === 'p' || c === 'P')
            throw new Untranslatable(`Unicode class \\${c} is not supported`);
        if (c === 'C')
            throw new Untranslatable('\\C is not supported');
        if (!inClass && c === 'z')
            return { text: '(?![\\s\\S])' };
        if (!inClass && c === 'A')
            return { text: '(?<![\\s\\S])' };
        if (/[1-9]/.test(c))
            throw new Untranslatable('backreferences are not RE2');
        if (/[dDwWsSbBnrtfv0]/.test(c))
            return { text: `\\${c}` };
        if (/[A-Za-z]/.test(c))
            throw new Untranslatable(`unknown escape \\${c}`);
        return { text: `\\${c}`, code: c.charCodeAt(0) };
    };
    const readClass = () => {
        // src[i] === '['
        let body = '';
        i++;
        let negate = false;
        if (src[i] === '^') {
            negate = true;
            i++;
        }
        const items = [];
        let first = true;
        for (;;) {
            const c = src[i];
            if (c === undefined)
                throw new Untranslatable('unterminated character class');
            if (c === ']' && !first) {
                i++;
                break;
            }
            first = false;
            if (c === '[' && src[i + 1] === ':') {
                const end = src.indexOf(':]', i + 2);
                if (end < 0)
                    throw new Untranslatable('unterminated POSIX class');
                let name = src.slice(i + 2, end);
                const neg = name.startsWith('^');
                if (neg)
                    name = name.slice(1);
                const set = POSIX[name];
                if (!set || neg)
                    throw new Untranslatable(`POSIX class [:${name}:] is not supported`);
                body += set;
                i = end + 2;
                continue;
            }
            let loText;
            let lo;
            if (c === '\\') {
                const e = readEscape(true);
                loText = e.text;
                lo = e.code;
            }
            else {
                loText = c === '[' || c === ']' || c === '\\' || c === '^' ? `\\${c}` : c;
                lo = c.charCodeAt(0);
                i++;
            }
            if (src[i] === '-' && src[i + 1] !== ']' && src[i + 1] !== undefined) {
                i++;
                let hiText;
                let hi;
                if (src[i] === '\\') {
                    const e = readEscape(true);
                    hiText = e.text;
                    hi = e.code;
                }
                else {
                    const h = src[i];
                    hiText = h === '[' || h === ']' ? `\\${h}` : h;
                    hi = h.charCodeAt(0);
                    i++;
                }
                body += `${loText}-${hiText}`;
                if (lo !== undefined && hi !== undefined)
                    items.push({ lo, hi });
            }
            else {
                body += loText;
                if (lo !== undefined)
                    items.push({ lo, hi: lo });
            }
        }
        if (manual && flags.i) {
            // Add the other case of every letter range.
            for (const { lo, hi } of items) {
                const add = (a, b, delta) => {
                    const s = Math.max(lo, a);
                    const e = Math.min(hi, b);
                    if (s <= e)
                        body += `${hexEscape(s + delta)}-${hexEscape(e + delta)}`;
                };
                add(97, 122, -32);
                add(65, 90, 32);
            }
        }
        return `[${negate ? '^' : ''}${body}]`;
    };
    while (i < src.length) {
        const c = src[i];
        if (c === '\\') {
            if (src[i + 1] === 'Q') {
                const end = src.indexOf('\\E', i + 2);
                const lit = src.slice(i + 2, end < 0 ? src.length : end);
                i = end < 0 ? src.length : end + 2;
                for (const ch of lit)
                    out += manual && flags.i ? foldChar(ch) : escapeLiteral(ch);
                continue;
            }
            const e = readEscape(false);
            const ch = e.code !== undefined ? String.fromCharCode(e.code) : '';
            out += manual && flags.i && /[A-Za-z]/.test(ch) ? foldChar(ch) : e.text;
            continue;
        }
        if (c === '[') {
            out += readClass();
            continue;
        }
        if (c === '(') {
            if (src[i + 1] === '?') {
                const rest = src.slice(i + 2);
                const named = /^P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
                if (named) {
                    out += `(?<${named[1]}>`;
                    stack.push(flags);
                    flags = { ...flags };
                    i += 2 + named[0].length;
                    continue;
                }
                const fl = /^([imsU]*)(?:-([imsU]*))?([:)])/.exec(rest);
                if (fl) {
                    const next = { ...flags };
                    const on = fl[1] ?? '';
                    const off = fl[2] ?? '';
                    if (on.includes('U') || off.includes('U'))
                        throw new Untranslatable('the U (ungreedy) flag is not supported');
                    if (on.includes('m') || off.includes('m'))
                        throw new Untranslatable('the m flag is only supported at the start of the pattern');
                    if (!manual && (fl[1] || fl[2]))
                        throw new Untranslatable('internal: scoped flag in global mode');
                    if (on.includes('i'))
                        next.i = true;
                    if (off.includes('i'))
                        next.i = false;
                    if (on.includes('s'))
                        next.s = true;
                    if (off.includes('s'))
                        next.s = false;
                    i += 2 + fl[0].length;
                    if (fl[3] === ')') {
                        flags = next;
                    }
                    else {
                        out += '(?:';
                        stack.push(flags);
                        flags = next;
                    }
                    continue;
                }
                throw new Untranslatable(`group syntax (?${rest.slice(0, 3)} is not RE2`);
            }
            out += '(';
            stack.push(flags);
            flags = { ...flags };
            i++;
            continue;
        }
        if (c === ')') {
            out += ')';
            flags = stack.pop() ?? flags;
            i++;
            continue;
        }
        if (c === '.') {
            out += manual && flags.s ? '[\\s\\S]' : '.';
            i++;
            continue;
        }
        if (manual && flags.i && /[A-Za-z]/.test(c)) {
            out += foldChar(c);
            i++;
            continue;
        }
        out += c === '/' ? '\\/' : c;
        i++;
    }
    return out;
}
/** Go RE2 → JavaScript RegExp (global). Throws Untranslatable with the reason. */
function re2ToRegExp(pattern) {
    const lead = /^\(\?([ims]+)\)/.exec(pattern);
    const rest = lead ? pattern.slice(lead[0].length) : pattern;
    const scoped = /\(\?(?:[imsU]+(?:-[imsU]*)?|-[imsU]+)[:)]/.test(rest.replace(/\\\\|\\\(/g, ''));
    let source;
    let flags = 'g';
    if (!scoped) {
        const f = lead?.[1] ?? '';
        if (f.includes('i'))
            flags += 'i';
        if (f.includes('s'))
            flags += 's';
        if (f.includes('m'))
            flags += 'm';
        source = translate(rest, false, { i: false, s: false });
    }
    else {
        const f = lead?.[1] ?? '';
        if (f.includes('m'))
            flags += 'm';
        source = translate(rest, true, { i: f.includes('i'), s: f.includes('s') });
    }
    try {
        return new RegExp(source, flags);
    }
    catch (err) {
        throw new Untranslatable(`the translated pattern does not compile (${err.message})`);
    }
}
function strings(v, what) {
    if (v === undefined)
        return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
        throw new Error(`${what} must be a list of strings`);
    return v;
}
function compile(pattern, where, file) {
    try {
        return re2ToRegExp(pattern);
    }
    catch (err) {
        const reason = err instanceof Untranslatable ? err.message : String(err);
        throw new errors/* ConfigError */.xL('input-invalid', `${file}: ${where}: regex cannot be used: ${reason}`, {
            hint: 'rewrite the pattern without that construct (JavaScript regexes have no Unicode classes without the u flag, no scoped m/U flags)',
        });
    }
}
function allowlistFrom(raw, where, file) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        throw new errors/* ConfigError */.xL('input-invalid', `${file}: ${where} must be a table`);
    const a = raw;
    try {
        const condition = a.condition === undefined ? 'OR' : String(a.condition).toUpperCase();
        if (condition !== 'OR' && condition !== 'AND')
            throw new Error(`condition must be OR or AND, not "${String(a.condition)}"`);
        const target = a.regexTarget === undefined ? 'secret' : String(a.regexTarget);
        if (target !== 'secret' && target !== 'match' && target !== 'line')
            throw new Error(`regexTarget must be secret, match or line, not "${target}"`);
        const list = {
            condition,
            regexTarget: target,
            paths: strings(a.paths, 'paths').map((p, n) => compile(p, `${where}.paths[${n}]`, file)),
            regexes: strings(a.regexes, 'regexes').map((p, n) => compile(p, `${where}.regexes[${n}]`, file)),
            stopwords: strings(a.stopwords, 'stopwords'),
        };
        if (typeof a.description === 'string')
            list.description = a.description;
        if (a.targetRules !== undefined)
            list.targetRules = strings(a.targetRules, 'targetRules');
        return list;
    }
    catch (err) {
        if (err instanceof errors/* ConfigError */.xL)
            throw err;
        throw new errors/* ConfigError */.xL('input-invalid', `${file}: ${where}: ${err.message}`);
    }
}
/** Parses the text of a gitleaks TOML config. `file` names it in errors. */
function parseGitleaksConfig(text, file) {
    let doc;
    try {
        doc = (0,smol_toml_dist/* parse */.qg)(text);
    }
    catch (err) {
        const line = err.line;
        throw new errors/* ConfigError */.xL('input-invalid', `${file}${line ? `:${line}` : ''}: not valid TOML`, { hint: 'fix the TOML syntax of the gitleaks config' });
    }
    const allowlists = [];
    if (doc.allowlist !== undefined)
        allowlists.push(allowlistFrom(doc.allowlist, '[allowlist]', file));
    if (doc.allowlists !== undefined) {
        if (!Array.isArray(doc.allowlists))
            throw new errors/* ConfigError */.xL('input-invalid', `${file}: allowlists must be an array of tables ([[allowlists]])`);
        doc.allowlists.forEach((a, n) => allowlists.push(allowlistFrom(a, `[[allowlists]] #${n + 1}`, file)));
    }
    const rules = [];
    const rawRules = doc.rules ?? [];
    if (!Array.isArray(rawRules))
        throw new errors/* ConfigError */.xL('input-invalid', `${file}: rules must be an array of tables ([[rules]])`);
    rawRules.forEach((raw, n) => {
        if (typeof raw !== 'object' || raw === null)
            throw new errors/* ConfigError */.xL('input-invalid', `${file}: [[rules]] #${n + 1} must be a table`);
        const r = raw;
        const id = typeof r.id === 'string' && r.id.length > 0 ? r.id : undefined;
        if (!id)
            throw new errors/* ConfigError */.xL('input-invalid', `${file}: [[rules]] #${n + 1} has no id`, { hint: 'give every rule an id = "..."' });
        const where = `rule "${id}"`;
        if (r.regex === undefined && r.path === undefined)
            throw new errors/* ConfigError */.xL('input-invalid', `${file}: ${where} has neither regex nor path`);
        const rule = {
            id,
            description: typeof r.description === 'string' ? r.description : `gitleaks rule ${id}`,
            keywords: [],
            severity: 7,
            kind: 'credential',
            source: 'gitleaks-config',
        };
        try {
            rule.keywords = strings(r.keywords, 'keywords').map((k) => k.toLowerCase()).filter((k) => k.length > 0);
        }
        catch (err) {
            throw new errors/* ConfigError */.xL('input-invalid', `${file}: ${where}: ${err.message}`);
        }
        if (r.regex !== undefined) {
            if (typeof r.regex !== 'string')
                throw new errors/* ConfigError */.xL('input-invalid', `${file}: ${where}: regex must be a string`);
            rule.regex = compile(r.regex, where, file);
        }
        if (r.path !== undefined) {
            if (typeof r.path !== 'string')
                throw new errors/* ConfigError */.xL('input-invalid', `${file}: ${where}: path must be a string`);
            rule.path = compile(r.path, `${where} path`, file);
        }
        if (r.secretGroup !== undefined) {
            if (typeof r.secretGroup !== 'number' || !Number.isInteger(r.secretGroup) || r.secretGroup < 0) {
                throw new errors/* ConfigError */.xL('input-invalid', `${file}: ${where}: secretGroup must be a non-negative integer`);
            }
            rule.secretGroup = r.secretGroup;
        }
        if (r.entropy !== undefined) {
            if (typeof r.entropy !== 'number')
                throw new errors/* ConfigError */.xL('input-invalid', `${file}: ${where}: entropy must be a number`);
            rule.entropy = r.entropy;
        }
        const lists = [];
        if (r.allowlist !== undefined)
            lists.push(r.allowlist);
        if (Array.isArray(r.allowlists))
            lists.push(...r.allowlists);
        if (lists.length > 0)
            rule.allowlists = lists.map((a, k) => allowlistFrom(a, `${where} allowlist #${k + 1}`, file));
        rules.push(rule);
    });
    return { rules, allowlists };
}
async function loadGitleaksConfig(path, displayName = path) {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (err) {
        throw new errors/* ConfigError */.xL('input-invalid', `cannot read gitleaks config ${displayName}: ${err.code ?? 'error'}`, {
            hint: 'point gitleaks-config at a readable .gitleaks.toml, or remove the input',
        });
    }
    return parseGitleaksConfig(text, displayName);
}

;// CONCATENATED MODULE: ./shared/scan/rules.ts
/**
 * Built-in credential rules. Patterns follow the provider formats gitleaks documents (ids kept
 * compatible so users' gitleaks allowlists and habits carry over), rewritten for JavaScript's
 * regex engine and for a keyword-first scan: every rule names lowercase keywords, and a line that
 * holds none of them never reaches the rule's regex.
 */

/** Values that are obviously not secrets: placeholders, templates, references. */
const PLACEHOLDER = /^(?:x+|\*+|\.+|-+|_+|#+|0+|(?:abc|123|qwe|aaa)\w*|changeme|change_?it|password\d*|secret\d*|null|nil|none|undefined|true|false|redacted|todo|tbd)$/i;
const PLACEHOLDER_PART = /example|placeholder|dummy|changeme|change_me|xxxxx|\*\*\*|your[_-]|insert[_-]|replace[_-]?me|<[^>]*>|fake|sample|notreal|not_real/i;
/** Name parts that make a secret-like name not a secret: csrf tokens, token types, key ids, URLs… */
const BENIGN_NAME = /csrf|xsrf|public|publishable|tokeniz|(?:url|uri|endpoint|path|file|filename|name|names|type|types|length|len|size|count|min|max|field|label|placeholder|pattern|regex|header|prefix|format|id|ids|kind|mode|policy|expiry|expires|expiration|ttl|hash|digest|env|var|ref|input)$/i;
function notPlaceholder(secret) {
    return !PLACEHOLDER.test(secret) && !PLACEHOLDER_PART.test(secret);
}
/** Entropy floor for the name-based rule: 3.5 bits, scaled down for short values (8 chars: 2.4). */
function genericEntropyFloor(len, threshold = 3.5) {
    return Math.min(threshold, 0.8 * Math.log2(Math.max(2, len)));
}
const ASSIGN = String.raw `["'\x60]?[ \t]{0,3}(?::=|=>|\?=|=|:)[ \t]{0,5}(["'\x60]?)`;
const VALUE_END = String.raw `(?=$|[\s"'\x60;,)\]}>\\])`;
/**
 * A letters-only value that reads as a word or identifier (changeme, DB_PASSWORD, getConfigValue).
 * A long one whose case flips like random text (kQzpWmRtXvBnLcYsHd) is a key that happens to
 * have no digit, and stays a finding.
 */
function wordLike(value) {
    if (!/^[A-Za-z_.-]+$/.test(value))
        return false;
    const flips = value.match(/[a-z](?=[A-Z])|[A-Z](?=[a-z])/g)?.length ?? 0;
    return value.length < 16 || flips <= value.length / 4;
}
function genericValidate(entropyThreshold) {
    return (secret, _match, name) => {
        if (!notPlaceholder(secret))
            return false;
        if (wordLike(secret))
            return false; // identifiers, words
        // Paths of words (`secrets: secret/ci/app password | DB_PASSWORD`, the vault-action line format).
        // Paths with digits stay findings: a password may look like `hunter2/x9`.
        if (/^\/?(?:[A-Za-z_.-]+\/)+[A-Za-z_.-]+\/?$/.test(secret))
            return false;
        if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(secret))
            return false; // member expressions
        if (/^\d+(?:\.\d+)*$/.test(secret))
            return false; // numbers, versions
        if (/^(?:sha\d+|md5)[-:]/i.test(secret))
            return false; // integrity digests
        if (BENIGN_NAME.test(name))
            return false;
        return shannonEntropy(secret) >= genericEntropyFloor(secret.length, entropyThreshold);
    };
}
function jwtValidate(secret) {
    const header = secret.slice(0, secret.indexOf('.'));
    try {
        const json = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
        return typeof json === 'object' && json !== null && ('alg' in json || 'typ' in json);
    }
    catch {
        return false;
    }
}
function keyBody(block) {
    return block
        .replace(/^(?:[A-Za-z-]+:[^\n]*(?:\n|\\n))+/, '') // PEM headers (Proc-Type, DEK-Info)
        .replace(/["']\s*\+\s*["']/g, '') // "…" + "…" joins of a key split across string literals
        .replace(/\\[nr]|["',\s]/g, ''); // '+' is a base64 character: only the joins above are dropped
}
const T = 'credential';
const B = 'builtin';
function provider(id, description, keywords, regex, opts = {}) {
    return { id, description, keywords, regex, severity: 8, kind: T, source: B, ...opts };
}
function builtinRules(options = {}) {
    const genericEntropy = options.genericEntropy ?? 3.5;
    return [
        provider('aws-access-token', 'AWS access key id', ['akia', 'asia', 'abia', 'acca', 'a3t'], /\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/g, {
            entropy: 3,
            severity: 9,
            validate: (s) => !s.endsWith('EXAMPLE'),
        }),
        provider('aws-secret-access-key', 'AWS secret access key', ['secret'], new RegExp(String.raw `(?:aws[\w.-]{0,20}?secret|secret[_.-]?access[_.-]?key)[\w.-]{0,20}?${ASSIGN}([A-Za-z0-9/+]{40})\1(?![A-Za-z0-9/+=])`, 'gi'), { secretGroup: 2, entropy: 4, severity: 9, validate: (s) => notPlaceholder(s) && !/EXAMPLE/.test(s) }),
        provider('github-pat', 'GitHub personal access token (classic)', ['ghp_'], /\bghp_[0-9A-Za-z]{36}\b/g, { entropy: 3, severity: 8.5 }),
        provider('github-fine-grained-pat', 'GitHub fine-grained personal access token', ['github_pat_'], /\bgithub_pat_\w{82}\b/g, { entropy: 3, severity: 8.5 }),
        provider('github-oauth', 'GitHub OAuth access token', ['gho_'], /\bgho_[0-9A-Za-z]{36}\b/g, { entropy: 3, severity: 8.5 }),
        provider('github-app-token', 'GitHub App user-to-server or installation token', ['ghu_', 'ghs_'], /\b(?:ghu|ghs)_[0-9A-Za-z]{36}\b/g, { entropy: 3, severity: 8.5 }),
        provider('github-refresh-token', 'GitHub refresh token', ['ghr_'], /\bghr_[0-9A-Za-z]{36}\b/g, { entropy: 3, severity: 8.5 }),
        provider('gitlab-pat', 'GitLab personal, project or group access token', ['glpat-'], /\bglpat-[0-9A-Za-z_-]{20,300}(?:\.[0-9a-z]{9})?(?![\w-])/g, { entropy: 3, severity: 8.5 }),
        provider('gitlab-deploy-token', 'GitLab deploy token', ['gldt-'], /\bgldt-[0-9A-Za-z_-]{20,300}(?![\w-])/g, { entropy: 3, severity: 8 }),
        provider('gitlab-runner-authentication-token', 'GitLab runner authentication token', ['glrt-'], /\bglrt-[0-9A-Za-z_-]{20,300}(?:\.[0-9a-z]{9})?(?![\w-])/g, { entropy: 3, severity: 8 }),
        provider('gitlab-ptt', 'GitLab pipeline trigger token', ['glptt-'], /\bglptt-[0-9a-f]{40}\b/g, { entropy: 3, severity: 8 }),
        provider('gitlab-cicd-job-token', 'GitLab CI/CD job token', ['glcbt-'], /\bglcbt-[0-9A-Za-z]{1,5}_[0-9A-Za-z_-]{20}\b/g, { entropy: 3, severity: 7 }),
        provider('gitlab-other-token', 'GitLab feed, OAuth-app, SCIM, mail, agent or feature-flag token', ['glft-', 'gloas-', 'glsoat-', 'glimt-', 'glagent-', 'glffct-'], /\b(?:glft|glsoat|glffct)-[0-9A-Za-z_-]{20}\b|\bglimt-[0-9A-Za-z_-]{25}\b|\bglagent-[0-9A-Za-z_-]{50}\b|\bgloas-[0-9A-Za-z_-]{64}\b/g, { entropy: 3, severity: 8 }),
        provider('gitlab-rrt', 'GitLab runner registration token', ['gr1348941'], /\bGR1348941[\w-]{20}\b/g, { entropy: 3, severity: 8 }),
        provider('npm-access-token', 'npm access token', ['npm_'], /\bnpm_[A-Za-z0-9]{36}\b/g, { entropy: 3, severity: 8 }),
        provider('pypi-upload-token', 'PyPI upload token', ['pypi-ageichlwas5vcmc'], /\bpypi-AgEIcHlwaS5vcmc[\w-]{50,1000}/g, { entropy: 3, severity: 8 }),
        provider('slack-token', 'Slack bot, user, app-level or legacy token', ['xoxb-', 'xoxa-', 'xoxp-', 'xoxr-', 'xoxs-', 'xoxe-', 'xoxe.', 'xapp-'], /\bxox[abprse][.-](?:xox[bp]-)?[0-9A-Za-z]+(?:-[0-9A-Za-z]+){1,5}|\bxapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+/g, {
            entropy: 3,
            severity: 7.5,
            validate: (s) => (s.match(/\d/g)?.length ?? 0) >= 6 && s.length >= 24 && notPlaceholder(s),
        }),
        provider('slack-webhook-url', 'Slack incoming webhook URL', ['hooks.slack.com'], /(?:https?:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{43,56}/g, {
            severity: 6.5,
            validate: (s) => notPlaceholder(s) && shannonEntropy(s) >= 3.5,
            extract: (s) => /\/(?:services|workflows|triggers)\/(.*)$/.exec(s)?.[1] ?? s,
        }),
        provider('stripe-access-token', 'Stripe live secret or restricted key', ['sk_live_', 'rk_live_', 'sk_prod_', 'rk_prod_'], /\b(?:sk|rk)_(?:live|prod)_[0-9A-Za-z]{10,99}\b/g, { entropy: 2.5, severity: 9 }),
        provider('gcp-api-key', 'Google API key', ['aiza'], /\bAIza[\w-]{35}(?![\w-])/g, { entropy: 4, severity: 7.5 }),
        provider('azure-storage-account-key', 'Azure storage account or shared access key in a connection string', ['accountkey=', 'sharedaccesskey='], /(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{86}==|[A-Za-z0-9+/]{43}=)/gi, { entropy: 4, severity: 9 }),
        provider('azure-ad-client-secret', 'Azure AD (Entra ID) client secret', ['q~'], /(?:^|[\\'"\x60\s>=:(,)])([a-zA-Z0-9_~.]{3}\dQ~[a-zA-Z0-9_~.-]{31,34})(?=$|[\\'"\x60\s<),])/g, {
            entropy: 3,
            severity: 9,
        }),
        provider('azure-client-secret', 'Azure client secret under a secret-like name', ['secret'], new RegExp(String.raw `(?:azure[\w.-]{0,20}?|client)[_.-]?secret[\w.-]{0,20}?${ASSIGN}([\w.~-]{30,44})\1${VALUE_END}`, 'gi'), { secretGroup: 2, entropy: 3.5, severity: 8.5, validate: (s) => notPlaceholder(s) && !/^[A-Za-z_.-]+$/.test(s) }),
        provider('private-key', 'Private key block', ['-----begin'], /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----([\s\S]{64,}?)-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----/g, {
            multiline: true,
            severity: 9,
            extract: keyBody,
            validate: (s) => s.length >= 64 && /^[A-Za-z0-9+/=]+$/.test(s) && shannonEntropy(s) >= 4,
        }),
        provider('jwt', 'JSON Web Token', ['eyj'], /\beyJ[A-Za-z0-9_-]{15,}\.eyJ[A-Za-z0-9_-]{15,}\.[A-Za-z0-9_-]{16,}(?![\w-])/g, {
            entropy: 3,
            severity: 6.5,
            validate: jwtValidate,
        }),
        {
            id: 'generic-api-key',
            description: 'High-entropy value assigned to a secret-like name',
            keywords: [
                'passw', 'pwd', 'secret', 'token', 'credential', 'creds',
                'apikey', 'api_key', 'api-key', 'api.key',
                'accesskey', 'access_key', 'access-key', 'access.key',
                'authkey', 'auth_key', 'auth-key', 'auth.key',
                'privatekey', 'private_key', 'private-key', 'private.key',
            ],
            regex: new RegExp(String.raw `(?:passw(?:or)?d|pwd|secret|token|api[_.-]?key|access[_.-]?key|auth[_.-]?key|credentials?|creds|private[_.-]?key)[\w.-]{0,20}?${ASSIGN}([\w.=+/~@#%^*!&-]{8,200})\1${VALUE_END}`, 'gi'),
            secretGroup: 2,
            validate: genericValidate(genericEntropy),
            severity: 7,
            kind: T,
            source: B,
            generic: true,
        },
    ];
}

;// CONCATENATED MODULE: ./shared/scan/index.ts
/**
 * Static-credential scan of a working tree: tracked files (or those changed since a base) plus
 * the CI configs, against the built-in rules and, when present, the repository's gitleaks rules
 * and allowlists. Findings carry at most the first 4 characters of a secret.
 */







const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
/** Longest stretch of synchronous scanning before the event loop gets a turn. */
const YIELD_MS = 50;
async function exists(path) {
    try {
        return (await (0,promises_.lstat)(path)).isFile();
    }
    catch {
        return false;
    }
}
async function scanTree(options) {
    const root = (0,external_node_path_.resolve)(options.root);
    const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    let rules = builtinRules();
    let allowlists = [];
    let configRel;
    const configPath = options.gitleaksConfig
        ? (0,external_node_path_.isAbsolute)(options.gitleaksConfig)
            ? options.gitleaksConfig
            : (0,external_node_path_.join)(root, options.gitleaksConfig)
        : (await exists((0,external_node_path_.join)(root, '.gitleaks.toml')))
            ? (0,external_node_path_.join)(root, '.gitleaks.toml')
            : undefined;
    if (configPath) {
        const rel = (0,external_node_path_.relative)(root, configPath);
        configRel = rel.startsWith('..') || (0,external_node_path_.isAbsolute)(rel) ? configPath : rel.split('\\').join('/');
        const cfg = await loadGitleaksConfig(configPath, configRel);
        rules = [...rules, ...cfg.rules];
        allowlists = cfg.allowlists;
    }
    const compiled = compileRules(rules, allowlists);
    const { files } = await listFiles(root, options.diffBase);
    const ciConfigs = await discoverCiConfigs(root, files);
    const ciSet = new Set(ciConfigs);
    const targets = [...new Set([...files, ...ciConfigs])].filter((f) => f !== configRel);
    const findings = [];
    const counts = {};
    const unreadable = [];
    let filesScanned = 0;
    let bytesScanned = 0;
    // One synchronous pass (see readTextSync), yielding to the event loop now and then so timers
    // and signals are still served during a long scan.
    const scratch = {};
    let lastYield = Date.now();
    for (const file of targets) {
        if (Date.now() - lastYield > YIELD_MS) {
            await new Promise((r) => setImmediate(r));
            lastYield = Date.now();
        }
        const isCi = ciSet.has(file);
        if (!isCi && pathAllowlisted(compiled, file))
            continue;
        findings.push(...scanPath(file, compiled));
        const read = readTextSync(root, file, maxFileBytes, scratch);
        if (!read.ok) {
            if (read.reason === 'missing')
                continue; // tracked but deleted in the work tree
            counts[read.reason] = (counts[read.reason] ?? 0) + 1;
            if (read.reason === 'unreadable')
                unreadable.push(file);
            continue;
        }
        filesScanned++;
        bytesScanned += read.bytes;
        findings.push(...scanBuffer(read.buffer, file, compiled));
        if (isCi && isGithubWorkflow(file))
            findings.push(...scanWorkflow(read.buffer.toString('utf8'), file, options.staticAllowed));
    }
    findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule)));
    const result = {
        findings: findings.map((f) => ({ ...f })),
        filesScanned,
        bytesScanned,
        skipped: { counts, unreadable: unreadable.sort() },
        ciConfigs,
    };
    if (configRel)
        result.gitleaksConfig = configRel;
    return result;
}


// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./shared/scan/sarif.ts
/**
 * SARIF 2.1.0 for a static-credential scan, shaped for code scanning and for security-gate:
 * each rule carries `properties.security-severity`; results carry only redacted secrets.
 */



const TOOL = 'ci-constraints secret scan';
const INFO_URI = 'https://github.com/ci-constraints/ci-constraints/blob/main/README.md#static-credentials';
const DEFAULT_SEVERITY = 7;
function catalogue() {
    const map = new Map();
    for (const r of builtinRules())
        map.set(r.id, { id: r.id, description: r.description, severity: r.severity, kind: 'credential' });
    for (const r of Object.values(CI_RULES))
        map.set(r.id, { id: r.id, description: r.description, severity: r.severity, kind: 'ci-config' });
    return map;
}
function level(severity) {
    return severity >= 7 ? 'error' : severity >= 4 ? 'warning' : 'note';
}
function uri(file) {
    return file.split('/').map(encodeURIComponent).join('/');
}
function scanToSarif(result) {
    const known = catalogue();
    const used = new Map();
    for (const meta of known.values())
        used.set(meta.id, meta);
    for (const f of result.findings) {
        if (!used.has(f.rule))
            used.set(f.rule, { id: f.rule, description: f.description, severity: DEFAULT_SEVERITY, kind: f.kind });
    }
    const rules = [...used.values()];
    const indexOf = new Map(rules.map((r, i) => [r.id, i]));
    return {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
            {
                tool: {
                    driver: {
                        name: TOOL,
                        informationUri: INFO_URI,
                        semanticVersion: '1.0.0',
                        rules: rules.map((r) => ({
                            id: r.id,
                            name: r.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c) => c.toUpperCase()),
                            shortDescription: { text: r.description },
                            fullDescription: {
                                text: r.kind === 'credential'
                                    ? `${r.description}. A literal credential in the repository is readable by everyone with read access and stays in git history: revoke it and load it from Vault at run time.`
                                    : `${r.description}. Secrets should come from Vault at run time; only names in secrets.static-allowed may come from the CI system.`,
                            },
                            help: { text: 'Revoke the credential, remove it from the file (and history), and read it from Vault in the job instead.' },
                            defaultConfiguration: { level: level(r.severity) },
                            properties: {
                                'security-severity': r.severity.toFixed(1),
                                tags: ['security', r.kind === 'credential' ? 'secret' : 'ci-config', 'external/cwe/cwe-798'],
                                precision: r.id === 'generic-api-key' ? 'medium' : 'high',
                                'problem.severity': level(r.severity) === 'note' ? 'recommendation' : level(r.severity),
                            },
                        })),
                    },
                },
                originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The scanned working tree.' } } },
                results: result.findings.map((f) => {
                    const meta = used.get(f.rule);
                    return {
                        ruleId: f.rule,
                        ruleIndex: indexOf.get(f.rule),
                        level: level(meta.severity),
                        message: { text: f.kind === 'credential' ? `${f.description}: ${f.redacted}` : f.description },
                        locations: [
                            {
                                physicalLocation: {
                                    artifactLocation: { uri: uri(f.file), uriBaseId: '%SRCROOT%' },
                                    region: { startLine: Math.max(1, f.line), startColumn: Math.max(1, f.column) },
                                },
                            },
                        ],
                        partialFingerprints: {
                            'ciConstraintsFinding/v1': (0,external_node_crypto_.createHash)('sha256').update(`${f.rule}\0${f.file}\0${f.line}\0${f.redacted}`).digest('hex').slice(0, 32),
                        },
                    };
                }),
                properties: { filesScanned: result.filesScanned, bytesScanned: result.bytesScanned },
            },
        ],
    };
}

;// CONCATENATED MODULE: ./shared/vault/errors.ts

/**
 * A failed Vault call. `message` names the operation and Vault's own error strings (never a
 * request body, response body or token); `failure` is what tests and rules branch on.
 */
class VaultError extends errors/* CiConstraintsError */.FX {
    failure;
    status;
    constructor(failure, message, options = {}) {
        super('api-failed', message, options);
        this.failure = failure;
        this.status = options.status;
    }
}
/** Vault's `errors` array, cut down to something safe to print: at most 3 short, printable strings. */
function vaultErrorStrings(body) {
    const errors = body?.errors;
    if (!Array.isArray(errors))
        return [];
    return errors
        .filter((e) => typeof e === 'string')
        .slice(0, 3)
        .map((e) => e.replace(/[^\x20-\x7e]+/g, ' ').trim().slice(0, 240))
        .filter(Boolean);
}

// EXTERNAL MODULE: ./shared/platform/http.ts
var http = __webpack_require__(2);
;// CONCATENATED MODULE: ./shared/vault/client.ts



/**
 * A small Vault HTTP API client: exactly the calls require-vault-secrets makes. Every call carries
 * `X-Vault-Request` (Vault's CSRF guard), the namespace header when set, and the token once logged in.
 * Errors are VaultError with a `failure` code; messages carry Vault's error strings, never bodies.
 */
class VaultClient {
    address;
    namespace;
    token;
    opts;
    constructor(opts) {
        let url;
        try {
            url = new URL(opts.address);
        }
        catch {
            throw new errors/* CiConstraintsError */.FX('input-invalid', `the Vault address is not a URL`);
        }
        if (url.protocol !== 'https:' && url.protocol !== 'http:')
            throw new errors/* CiConstraintsError */.FX('input-invalid', `the Vault address must be http(s), not ${url.protocol}`);
        if (url.username || url.password || url.search)
            throw new errors/* CiConstraintsError */.FX('input-invalid', 'the Vault address must not carry credentials or a query string');
        this.address = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
        this.namespace = opts.namespace?.replace(/^\/+|\/+$/g, '') || undefined;
        this.opts = opts;
    }
    setToken(token) {
        this.token = token;
    }
    async loginJwt(mount, role, jwt) {
        const res = await this.call('POST', `auth/${cleanPath(mount)}/login`, { ...(role ? { role } : {}), jwt }, { auth: false });
        return this.takeAuth(res, `JWT login at auth/${cleanPath(mount)} (role ${role ?? '(default)'})`);
    }
    async loginAppRole(mount, roleId, secretId) {
        const res = await this.call('POST', `auth/${cleanPath(mount)}/login`, { role_id: roleId, ...(secretId ? { secret_id: secretId } : {}) }, { auth: false });
        return this.takeAuth(res, `AppRole login at auth/${cleanPath(mount)}`);
    }
    async lookupSelf() {
        const body = await this.call('GET', 'auth/token/lookup-self');
        const d = objectAt(body, 'data', 'auth/token/lookup-self');
        const num = (k) => (typeof d[k] === 'number' ? d[k] : Number(d[k] ?? NaN));
        const info = {
            accessor: typeof d.accessor === 'string' ? d.accessor : '',
            ttl: num('ttl'),
            renewable: d.renewable === true,
            explicitMaxTtl: Number.isFinite(num('explicit_max_ttl')) ? num('explicit_max_ttl') : 0,
            creationTime: num('creation_time'),
            expireTime: typeof d.expire_time === 'string' ? d.expire_time : null,
            policies: Array.isArray(d.policies) ? d.policies.filter((p) => typeof p === 'string') : [],
            type: typeof d.type === 'string' ? d.type : 'service',
        };
        if (!Number.isFinite(info.ttl))
            throw new VaultError('bad-response', 'Vault auth/token/lookup-self answered without a numeric ttl');
        return info;
    }
    /** KV version and type of the mount holding `path`; undefined when Vault will not say (403/404). */
    async mountInfo(path) {
        let body;
        try {
            body = await this.call('GET', `sys/internal/ui/mounts/${cleanPath(path)}`);
        }
        catch (err) {
            if (err instanceof VaultError && (err.failure === 'permission-denied' || err.failure === 'not-found'))
                return undefined;
            throw err;
        }
        const d = objectAt(body, 'data', 'sys/internal/ui/mounts');
        const mountPath = typeof d.path === 'string' ? d.path.replace(/\/+$/, '') : '';
        const type = typeof d.type === 'string' ? d.type : '';
        if (!mountPath || !type)
            throw new VaultError('bad-response', 'Vault sys/internal/ui/mounts answered without a mount path and type');
        const info = { path: mountPath, type };
        if (type === 'kv' || type === 'generic') {
            const v = d.options?.version;
            info.version = String(v ?? '1') === '2' ? 2 : 1;
        }
        return info;
    }
    async read(path) {
        const body = await this.call('GET', cleanPath(path));
        const data = objectAt(body, 'data', cleanPath(path));
        const b = body;
        return {
            data,
            leaseId: typeof b.lease_id === 'string' ? b.lease_id : '',
            leaseDuration: typeof b.lease_duration === 'number' ? b.lease_duration : 0,
            renewable: b.renewable === true,
        };
    }
    async revokeSelf() {
        await this.call('POST', 'auth/token/revoke-self', {});
    }
    async revokeLease(leaseId) {
        await this.call('PUT', 'sys/leases/revoke', { lease_id: leaseId });
    }
    takeAuth(body, what) {
        const auth = body?.auth;
        if (!auth || typeof auth.client_token !== 'string' || !auth.client_token)
            throw new VaultError('bad-response', `Vault ${what} answered without auth.client_token`);
        const out = {
            clientToken: auth.client_token,
            accessor: typeof auth.accessor === 'string' ? auth.accessor : '',
            policies: Array.isArray(auth.policies) ? auth.policies.filter((p) => typeof p === 'string') : [],
            leaseDuration: typeof auth.lease_duration === 'number' ? auth.lease_duration : 0,
            renewable: auth.renewable === true,
            tokenType: typeof auth.token_type === 'string' ? auth.token_type : 'service',
        };
        this.token = out.clientToken;
        return out;
    }
    /** One API call; returns the parsed body of a 2xx answer (undefined for 204) or throws VaultError. */
    async call(method, path, payload, opts = {}) {
        const headers = { 'x-vault-request': 'true', accept: 'application/json', 'user-agent': 'ci-constraints' };
        if (this.namespace)
            headers['x-vault-namespace'] = this.namespace;
        if (opts.auth !== false) {
            if (!this.token)
                throw new VaultError('permission-denied', `Vault ${method} ${path}: not logged in`);
            headers['x-vault-token'] = this.token;
        }
        if (payload !== undefined)
            headers['content-type'] = 'application/json';
        const what = `Vault ${method} ${path}`;
        let res;
        try {
            res = await (0,http.httpRequest)(`${this.address}/v1/${path}`, {
                method,
                headers,
                ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}),
                timeoutMs: this.opts.timeoutMs ?? 10_000,
                attempts: this.opts.attempts ?? 3,
                maxBytes: this.opts.maxBytes ?? 1024 * 1024,
                label: what,
                ...(this.opts.tls ? { tls: this.opts.tls } : {}),
            });
        }
        catch (err) {
            if (err instanceof VaultError)
                throw err;
            const message = err instanceof Error ? err.message : String(err);
            const failure = /more than \d+ bytes/.test(message) ? 'bad-response' : 'unreachable';
            throw new VaultError(failure, message, {
                cause: err,
                hint: failure === 'unreachable' ? 'check the Vault address, that the runner can reach it (ip-guard egress), and its TLS settings' : 'the Vault answer was larger than any secret should be; check the address points at Vault',
            });
        }
        if (res.status === 204)
            return undefined;
        let body;
        const isJson = res.text.trim().length > 0;
        if (isJson) {
            try {
                body = res.json();
            }
            catch {
                throw new VaultError('bad-response', `${what} answered HTTP ${res.status} with a body that is not JSON`, {
                    status: res.status,
                    hint: 'check that the address points at Vault itself, not a proxy or login page',
                });
            }
        }
        if (res.status >= 200 && res.status < 300) {
            if (body === undefined || body === null || typeof body !== 'object')
                throw new VaultError('bad-response', `${what} answered HTTP ${res.status} without a JSON object`, { status: res.status });
            return body;
        }
        const errors = vaultErrorStrings(body);
        const detail = errors.length ? `: ${errors.join('; ')}` : '';
        if (res.status === 503 && errors.some((e) => /sealed/i.test(e))) {
            throw new VaultError('sealed', `${what}: Vault is sealed (HTTP 503)`, { status: 503, hint: 'unseal Vault or point at an unsealed node' });
        }
        if (res.status === 403)
            throw new VaultError('permission-denied', `${what}: permission denied (HTTP 403)${detail && errors[0] !== 'permission denied' ? detail : ''}`, { status: 403, hint: 'grant the role\'s policies the path, or check the token has not expired' });
        if (res.status === 404)
            throw new VaultError('not-found', `${what}: not found (HTTP 404)`, { status: 404, hint: 'check the secret path and mount' });
        if (res.status >= 400 && res.status < 500 && res.status !== 429)
            throw new VaultError('rejected', `${what} was rejected (HTTP ${res.status})${detail}`, { status: res.status });
        // 5xx/429 bodies come from whatever answered (a proxy, a crashing plugin): never echoed.
        throw new VaultError('server-error', `${what} failed (HTTP ${res.status})`, { status: res.status, hint: 'Vault is unhealthy or overloaded; retried with backoff' });
    }
}
/** Strip leading/trailing slashes; refuse traversal and URL syntax in a path. */
function cleanPath(path) {
    const p = path.trim().replace(/^\/+|\/+$/g, '');
    if (!p || /(^|\/)\.\.?(\/|$)/.test(p) || /[?#\s\\]/.test(p) || p.includes('//'))
        throw new errors/* CiConstraintsError */.FX('input-invalid', `"${path}" is not a valid Vault path`);
    return p.split('/').map(encodeURIComponent).join('/');
}
function objectAt(body, key, what) {
    const v = body?.[key];
    if (v === null || typeof v !== 'object' || Array.isArray(v))
        throw new VaultError('bad-response', `Vault ${what} answered without a "${key}" object`);
    return v;
}

;// CONCATENATED MODULE: ./shared/vault/spec.ts


const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * Names a secret may never be exported as: they change how later steps run (loader, shell, node,
 * CI system variables) rather than carry data.
 */
const RESERVED = new Set(['PATH', 'HOME', 'SHELL', 'IFS', 'ENV', 'BASH_ENV', 'PS4', 'PROMPT_COMMAND', 'LD_PRELOAD', 'LD_LIBRARY_PATH', 'LD_AUDIT', 'DYLD_INSERT_LIBRARIES', 'NODE_OPTIONS', 'NODE_PATH', 'PYTHONPATH', 'PYTHONSTARTUP', 'PERL5OPT', 'RUBYOPT', 'JAVA_TOOL_OPTIONS', 'GIT_SSH_COMMAND', 'GIT_CONFIG_GLOBAL']);
const RESERVED_PREFIXES = ['GITHUB_', 'RUNNER_', 'ACTIONS_', 'CI_', 'GITLAB_', 'CIRCLE_', 'INPUT_', 'STATE_', 'VAULT_'];
function checkExportName(name, where) {
    if (!NAME.test(name))
        throw new errors/* ConfigError */.xL('input-invalid', `${where}: "${name}" is not a valid variable name`, { hint: 'use letters, digits and underscores, not starting with a digit' });
    const upper = name.toUpperCase();
    if (RESERVED.has(upper) || RESERVED_PREFIXES.some((p) => upper.startsWith(p))) {
        throw new errors/* ConfigError */.xL('input-invalid', `${where}: "${name}" is reserved (it changes how later steps or the CI system behave)`, { hint: 'pick another name for the secret' });
    }
}
/** vault-action's default output name for a key: upper case, every other character → `_`. */
function defaultName(key) {
    return key.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase();
}
function checkPath(path, where) {
    const p = path.trim().replace(/^\/+|\/+$/g, '');
    if (!p || /(^|\/)\.\.?(\/|$)/.test(p) || /[?#\s\\]/.test(p) || p.includes('//')) {
        throw new errors/* ConfigError */.xL('input-invalid', `${where}: "${path}" is not a valid Vault path`, { hint: 'write it like secret/ci/app (no "..", spaces, "?" or "#")' });
    }
    return p;
}
/**
 * Parse the `secrets` input. Two forms:
 *
 * 1. vault-action lines, separated by `;` or newlines: `path key | NAME`, `path key` (NAME from the
 *    key), `path * | PREFIX_` (every key), and `path | NAME` (the whole secret as JSON);
 * 2. a YAML mapping: `NAME: path#key`, `NAME: path` (whole secret), or
 *    `NAME: { path, key, kv: 1|2, file: true, output: true }`.
 */
function parseSecretsSpec(text) {
    const trimmed = text.trim();
    if (!trimmed)
        return [];
    let doc;
    try {
        doc = (0,dist/* parse */.qg)(trimmed, { strict: true, uniqueKeys: true, maxAliasCount: 0 });
    }
    catch {
        doc = undefined;
    }
    const requests = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? fromMapping(doc) : fromLines(trimmed);
    const seen = new Map();
    for (const r of requests) {
        const names = r.key === '*' ? [] : [r.file ? `${r.name}_FILE` : r.name];
        for (const n of names) {
            const before = seen.get(n);
            if (before)
                throw new errors/* ConfigError */.xL('input-invalid', `secrets: ${r.source} exports ${n}, which ${before} exports too`, { hint: 'give each secret its own name' });
            seen.set(n, r.source);
        }
    }
    return requests;
}
function fromLines(text) {
    const out = [];
    const entries = text.split(/[;\n]/);
    entries.forEach((raw, i) => {
        const entry = raw.trim();
        if (!entry || entry.startsWith('#'))
            return;
        const where = `entry ${i + 1} ("${entry.length > 60 ? `${entry.slice(0, 57)}...` : entry}")`;
        const [left, right, ...extra] = entry.split('|').map((s) => s.trim());
        if (extra.length)
            throw new errors/* ConfigError */.xL('input-invalid', `secrets: ${where} has more than one "|"`, { hint: 'write path key | NAME' });
        const parts = (left ?? '').split(/\s+/).filter(Boolean);
        if (parts.length === 0 || parts.length > 2)
            throw new errors/* ConfigError */.xL('input-invalid', `secrets: ${where} is not "path key | NAME"`, { hint: 'one path, one key, then | and the variable name' });
        const path = checkPath(parts[0], `secrets: ${where}`);
        const key = parts[1];
        if (right !== undefined && !right)
            throw new errors/* ConfigError */.xL('input-invalid', `secrets: ${where} has an empty name after "|"`);
        if (key === undefined && right === undefined)
            throw new errors/* ConfigError */.xL('input-invalid', `secrets: ${where} names neither a key nor a variable`, { hint: 'write path key | NAME, or path | NAME for the whole secret as JSON' });
        const name = right ?? (key === '*' ? '' : defaultName(key));
        if (key === '*') {
            if (name && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
                throw new errors/* ConfigError */.xL('input-invalid', `secrets: ${where}: prefix "${name}" is not a valid variable name prefix`);
        }
        else
            checkExportName(name, `secrets: ${where}`);
        out.push({ name, path, ...(key !== undefined ? { key } : {}), source: where });
    });
    return out;
}
function fromMapping(doc) {
    return Object.entries(doc).map(([name, value]) => {
        const where = `key ${name}`;
        if (typeof value === 'string') {
            checkExportName(name, `secrets: ${where}`);
            const hash = value.lastIndexOf('#');
            if (hash === -1)
                return { name, path: checkPath(value, `secrets: ${where}`), source: where };
            const key = value.slice(hash + 1).trim();
            if (!key)
                throw new errors/* ConfigError */.xL('input-invalid', `secrets: ${where}: empty key after "#"`);
            return { name, path: checkPath(value.slice(0, hash), `secrets: ${where}`), key, source: where };
        }
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
            throw new errors/* ConfigError */.xL('input-invalid', `secrets: ${where} must be "path#key" or a mapping with path (and key, kv, file, output)`);
        }
        const v = value;
        const unknown = Object.keys(v).filter((k) => !['path', 'key', 'kv', 'file', 'output'].includes(k));
        if (unknown.length)
            throw new errors/* ConfigError */.xL('input-invalid', `secrets: ${where}: unknown field(s) ${unknown.join(', ')}`, { hint: 'allowed: path, key, kv, file, output' });
        if (typeof v.path !== 'string')
            throw new errors/* ConfigError */.xL('input-invalid', `secrets: ${where}: path is required`);
        if (v.key !== undefined && (typeof v.key !== 'string' || !v.key))
            throw new errors/* ConfigError */.xL('input-invalid', `secrets: ${where}: key must be a non-empty string`);
        if (v.kv !== undefined && v.kv !== 1 && v.kv !== 2)
            throw new errors/* ConfigError */.xL('input-invalid', `secrets: ${where}: kv must be 1 or 2`);
        for (const flag of ['file', 'output']) {
            if (v[flag] !== undefined && typeof v[flag] !== 'boolean')
                throw new errors/* ConfigError */.xL('input-invalid', `secrets: ${where}: ${flag} must be true or false`);
        }
        if (v.key === '*') {
            if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
                throw new errors/* ConfigError */.xL('input-invalid', `secrets: ${where}: prefix is not a valid variable name prefix`);
        }
        else
            checkExportName(name, `secrets: ${where}`);
        if (v.file === true && v.key === '*')
            throw new errors/* ConfigError */.xL('input-invalid', `secrets: ${where}: file: true cannot be combined with key "*"`);
        const req = { name, path: checkPath(v.path, `secrets: ${where}`), source: where };
        if (typeof v.key === 'string')
            req.key = v.key;
        if (v.kv === 1 || v.kv === 2)
            req.kv = v.kv;
        if (v.file === true)
            req.file = true;
        if (v.output === true)
            req.output = true;
        return req;
    });
}

;// CONCATENATED MODULE: ./shared/vault/export.ts





/**
 * Hand secret values to later steps. Every value is masked first (the platform registers it with
 * the CI system where it can, and with the redactor behind every log line). Then:
 * - env: `platform.exportVariable` (GitHub GITHUB_ENV heredoc, CircleCI BASH_ENV, GitLab a sourced file);
 * - files: mode 0600 inside a fresh 0700 directory under `platform.tempDir()`, path exported as `<NAME>_FILE`;
 * - outputs: only on GitHub, where outputs are masked; elsewhere outputs may land in dotenv artifacts.
 */
function exportSecrets(platform, values, options) {
    for (const v of values)
        platform.mask(v.value);
    const wantOutputs = options.outputs || values.some((v) => v.output);
    if (wantOutputs && platform.name !== 'github') {
        throw new errors/* ConfigError */.xL('input-invalid', `step outputs for secrets are only available on GitHub; on ${platform.name} they could end up in dotenv artifacts`, {
            hint: 'drop output: true / outputs: true and use the exported variables or files',
        });
    }
    const result = { env: [], outputs: [], files: [] };
    let dir;
    for (const v of values) {
        checkExportName(v.name, `secret ${v.name}`);
        if (options.files || v.file) {
            if (!dir) {
                dir = (0,external_node_path_.join)(platform.tempDir(), `ci-constraints-secrets-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`);
                (0,external_node_fs_.mkdirSync)(dir, { recursive: true, mode: 0o700 });
                (0,external_node_fs_.chmodSync)(dir, 0o700);
            }
            const path = (0,external_node_path_.join)(dir, v.name);
            (0,external_node_fs_.writeFileSync)(path, v.value, { mode: 0o600, flag: 'wx' });
            (0,external_node_fs_.chmodSync)(path, 0o600);
            const variable = `${v.name}_FILE`;
            platform.exportVariable(variable, path);
            result.files.push({ name: v.name, variable, path });
        }
        else if (options.env) {
            platform.exportVariable(v.name, v.value);
            result.env.push(v.name);
        }
        if (options.outputs || v.output) {
            platform.setOutput(v.name, v.value, { secret: true });
            result.outputs.push(v.name);
        }
    }
    return result;
}

;// CONCATENATED MODULE: ./shared/vault/kv.ts


/**
 * Read every requested path once and pick the keys. KV v1/v2 comes from `sys/internal/ui/mounts`
 * (or the request's `kv` when Vault will not say); a given version that contradicts the mount, or an
 * answer whose shape contradicts the version, is a `kv-version` failure. Non-KV engines (database,
 * aws, …) are read as they are and their leases kept for revocation.
 */
async function readSecrets(client, requests, onValue) {
    const byPath = new Map();
    for (const r of requests)
        byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
    const reads = [];
    const selections = [];
    const values = [];
    // Vault refuses overlapping mounts, so a mount found for one path holds every path below it.
    const mounts = [];
    const mountOf = async (path) => {
        const known = mounts.find((m) => path === m.path || path.startsWith(`${m.path}/`));
        if (known)
            return known;
        const found = await client.mountInfo(path);
        if (found)
            mounts.push(found);
        return found;
    };
    for (const [path, group] of byPath) {
        const given = [...new Set(group.map((r) => r.kv).filter((v) => v !== undefined))];
        const read = { path };
        if (given.length > 1) {
            read.error = { failure: 'kv-version', message: `${path} is requested as both KV v1 and KV v2` };
            reads.push(read);
            for (const r of group)
                selections.push({ request: r, found: false, names: [] });
            continue;
        }
        if (given[0] !== undefined)
            read.expectedKv = given[0];
        let data;
        try {
            data = await readOne(client, read, mountOf);
        }
        catch (err) {
            read.error = err instanceof VaultError ? { failure: err.failure, message: err.message } : { failure: 'bad-response', message: err instanceof Error ? err.message : String(err) };
        }
        reads.push(read);
        if (!data) {
            for (const r of group)
                selections.push({ request: r, found: false, names: [] });
            continue;
        }
        // Mask every string in the secret first, even keys nobody asked for: they are now in memory.
        // (Bare numbers and booleans are not masked alone: masking "true" would blank every log line.)
        for (const v of stringLeaves(data))
            onValue(v);
        onValue(JSON.stringify(data));
        read.keys = Object.keys(data).sort();
        for (const r of group) {
            if (r.key === undefined) {
                values.push({ name: r.name, value: JSON.stringify(data), file: r.file === true, output: r.output === true, path, key: undefined });
                selections.push({ request: r, found: true, names: [r.name] });
            }
            else if (r.key === '*') {
                const names = [];
                for (const [k, v] of Object.entries(data)) {
                    const name = `${r.name}${defaultName(k)}`;
                    names.push(name);
                    values.push({ name, value: stringify(v), file: false, output: r.output === true, path, key: k });
                }
                selections.push({ request: r, found: names.length > 0, names });
            }
            else if (Object.prototype.hasOwnProperty.call(data, r.key)) {
                values.push({ name: r.name, value: stringify(data[r.key]), file: r.file === true, output: r.output === true, path, key: r.key });
                selections.push({ request: r, found: true, names: [r.name] });
            }
            else {
                selections.push({ request: r, found: false, names: [] });
            }
        }
    }
    return { reads, selections, values };
}
function stringLeaves(v, out = []) {
    if (typeof v === 'string')
        out.push(v);
    else if (Array.isArray(v))
        for (const x of v)
            stringLeaves(x, out);
    else if (v !== null && typeof v === 'object')
        for (const x of Object.values(v))
            stringLeaves(x, out);
    return out;
}
function stringify(v) {
    return typeof v === 'string' ? v : JSON.stringify(v);
}
async function readOne(client, read, mountOf) {
    const mount = await mountOf(read.path);
    if (mount && mount.type !== 'kv' && mount.type !== 'generic') {
        read.engine = mount.type;
        read.logicalPath = read.path;
        if (read.expectedKv !== undefined) {
            throw new VaultError('kv-version', `${read.path} is on a ${mount.type} mount, not KV v${read.expectedKv}`, { hint: `drop "kv: ${read.expectedKv}" for this path` });
        }
        const res = await client.read(read.path);
        if (res.leaseId)
            read.leaseId = res.leaseId;
        read.leaseDuration = res.leaseDuration;
        return res.data;
    }
    const detected = mount?.version;
    if (detected !== undefined)
        read.detectedKv = detected;
    if (detected !== undefined && read.expectedKv !== undefined && detected !== read.expectedKv) {
        throw new VaultError('kv-version', `${read.path} is on KV v${detected} mount "${mount.path}", but the request says KV v${read.expectedKv}`, { hint: `set kv: ${detected} or drop kv and let the mount decide` });
    }
    const version = detected ?? read.expectedKv;
    const logical = version === 2 && mount ? v2DataPath(mount.path, read.path) : read.path;
    read.logicalPath = logical;
    read.engine = version === 2 ? 'kv2' : version === 1 ? 'kv1' : 'kv';
    const res = await client.read(logical);
    if (res.leaseId)
        read.leaseId = res.leaseId;
    read.leaseDuration = res.leaseDuration;
    const looksV2 = isV2Shape(res.data);
    if (version === 2) {
        if (!looksV2)
            throw new VaultError('kv-version', `${read.path} was read as KV v2, but the answer has no data/metadata (is the mount KV v1?)`, { hint: 'set kv: 1 for this path' });
        return res.data.data;
    }
    if (version === 1) {
        if (looksV2 && !mount)
            throw new VaultError('kv-version', `${read.path} was read as KV v1, but the answer is a KV v2 envelope`, { hint: 'set kv: 2 for this path' });
        return res.data;
    }
    // Vault would not name the mount and the request gave no version: go by the answer's shape.
    read.engine = looksV2 ? 'kv2' : 'kv1';
    return looksV2 ? res.data.data : res.data;
}
/** `secret` + `secret/ci/app` → `secret/data/ci/app`; a path that already has `data/` (vault-action style) stays. */
function v2DataPath(mount, path) {
    const m = mount.replace(/\/+$/, '');
    const rest = path === m ? '' : path.slice(m.length + 1);
    if (rest.startsWith('data/'))
        return path;
    return `${m}/data/${rest}`;
}
function isV2Shape(d) {
    const meta = d.metadata;
    return Object.keys(d).length === 2 && d.data !== null && typeof d.data === 'object' && !Array.isArray(d.data) && meta !== null && typeof meta === 'object' && 'version' in meta;
}

;// CONCATENATED MODULE: ./shared/vault/session.ts



const STATE_KEY = 'vault_session';
function saveSession(platform, session) {
    platform.saveState(STATE_KEY, JSON.stringify(session));
}
function loadSession(platform) {
    const text = platform.getState(STATE_KEY);
    if (!text)
        return undefined;
    let s;
    try {
        s = JSON.parse(text);
    }
    catch {
        throw new errors/* CiConstraintsError */.FX('io-failed', 'the saved Vault session is not JSON; it was changed after the main step');
    }
    if (typeof s.token !== 'string' || typeof s.address !== 'string')
        throw new errors/* CiConstraintsError */.FX('io-failed', 'the saved Vault session has no token or address');
    platform.mask(s.token);
    return { ...s, leases: Array.isArray(s.leases) ? s.leases.filter((l) => typeof l === 'string') : [] };
}
/**
 * Log in as the settings say. The OIDC token, static credentials and the client token are masked the
 * moment they exist. Returns the fact for `secrets.vault-auth`; never throws for Vault or OIDC errors.
 */
async function login(client, settings, platform, creds) {
    const method = settings.method;
    try {
        if (method === 'jwt') {
            let jwt;
            try {
                jwt = await platform.idToken(settings.audience);
            }
            catch (err) {
                return { fact: { ok: false, method, failure: 'oidc', message: `no OIDC token from ${platform.name}${settings.audience ? ` for audience ${settings.audience}` : ''}: ${err instanceof Error ? err.message : String(err)}` } };
            }
            platform.mask(jwt);
            const auth = await client.loginJwt(settings.authPath, settings.role, jwt);
            platform.mask(auth.clientToken);
            return { fact: { ok: true, method, accessor: auth.accessor, policies: auth.policies }, token: auth.clientToken, tokenType: auth.tokenType };
        }
        if (method === 'approle') {
            if (!creds.roleId)
                return { fact: { ok: false, method, failure: 'input', message: 'vault-role-id is required for AppRole login' } };
            if (creds.secretId)
                platform.mask(creds.secretId);
            const auth = await client.loginAppRole(settings.authPath, creds.roleId, creds.secretId);
            platform.mask(auth.clientToken);
            return { fact: { ok: true, method, accessor: auth.accessor, policies: auth.policies }, token: auth.clientToken, tokenType: auth.tokenType };
        }
        if (!creds.token)
            return { fact: { ok: false, method, failure: 'input', message: 'vault-token is required for token auth' } };
        platform.mask(creds.token);
        client.setToken(creds.token);
        const info = await client.lookupSelf();
        return { fact: { ok: true, method, accessor: info.accessor, policies: info.policies }, token: creds.token, tokenType: info.type };
    }
    catch (err) {
        if (err instanceof VaultError)
            return { fact: { ok: false, method, failure: err.failure, message: err.message } };
        if (err instanceof errors/* CiConstraintsError */.FX)
            return { fact: { ok: false, method, failure: 'input', message: err.message } };
        throw err;
    }
}
async function lookupToken(client) {
    try {
        const t = await client.lookupSelf();
        return { fact: { ttl: t.ttl, renewable: t.renewable, explicitMaxTtl: t.explicitMaxTtl, creationTime: t.creationTime, type: t.type } };
    }
    catch (err) {
        return { error: err instanceof Error ? err.message : String(err) };
    }
}
/** Revoke the leases read, then the token (which takes its leases with it). Never throws for Vault errors. */
async function revokeSession(session, tls, timeoutMs) {
    const client = new VaultClient({ address: session.address, ...(session.namespace ? { namespace: session.namespace } : {}), ...(tls ? { tls } : {}), timeoutMs, attempts: 3 });
    client.setToken(session.token);
    const leases = [];
    const pending = [];
    for (const id of session.leases) {
        try {
            await client.revokeLease(id);
            leases.push({ id, outcome: 'revoked' });
        }
        catch (err) {
            pending.push(id);
            leases.push({ id, outcome: failureOf(err) });
        }
    }
    let token;
    if (session.tokenType === 'batch')
        token = 'not-revocable';
    else {
        try {
            await client.revokeSelf();
            token = 'revoked';
        }
        catch (err) {
            token = failureOf(err);
            if (err instanceof VaultError && err.failure === 'permission-denied') {
                // A token Vault no longer knows (expired, revoked) is refused with 403 everywhere.
                try {
                    await client.lookupSelf();
                }
                catch (again) {
                    if (again instanceof VaultError && again.failure === 'permission-denied')
                        token = 'already-invalid';
                }
            }
        }
    }
    if (token === 'revoked' || token === 'already-invalid') {
        for (const l of leases)
            if (pending.includes(l.id))
                l.outcome = 'with-token';
    }
    return { accessor: session.accessor, token, leases };
}
function failureOf(err) {
    if (err instanceof VaultError)
        return { failure: err.failure, message: err.message };
    return { failure: 'unreachable', message: err instanceof Error ? err.message : String(err) };
}

;// CONCATENATED MODULE: ./shared/vault/settings.ts



/** The action's Vault inputs; each may only fill in what the policy leaves unset. */
const VAULT_INPUTS = {
    address: 'vault-address',
    namespace: 'vault-namespace',
    method: 'vault-auth-method',
    role: 'vault-role',
    audience: 'vault-audience',
    authPath: 'vault-auth-path',
    caCert: 'vault-ca-cert',
    clientCert: 'vault-client-cert',
    clientKey: 'vault-client-key',
    timeout: 'vault-timeout',
};
const METHODS = ['jwt', 'token', 'approle'];
/**
 * The Vault settings in force: the policy's `secrets.vault` first; an input may fill a key the
 * policy leaves unset, and an input that differs from a key the policy sets is recorded as a conflict
 * (a deny: the workflow must not be able to point the run at another Vault or role).
 */
function resolveSettings(policy, platform) {
    const vault = policy?.vault;
    const conflicts = [];
    const pick = (key, fromPolicy, inputName) => {
        const input = platform.input(inputName)?.trim() || undefined;
        if (fromPolicy !== undefined && input !== undefined && normal(input) !== normal(fromPolicy))
            conflicts.push({ key, policy: fromPolicy, input });
        return fromPolicy ?? input;
    };
    const methodText = pick('auth.method', vault?.auth.method, VAULT_INPUTS.method) ?? 'jwt';
    if (!METHODS.includes(methodText)) {
        throw new errors/* ConfigError */.xL('input-invalid', `${VAULT_INPUTS.method} "${methodText}" is not one of ${METHODS.join(', ')}`);
    }
    const method = methodText;
    const settings = {
        method,
        authPath: (pick('auth.path', vault?.auth.path, VAULT_INPUTS.authPath) ?? method).replace(/^\/+|\/+$/g, '').replace(/^auth\//, ''),
        staticAuth: vault?.['static-auth'] ?? 'deny',
        conflicts,
        inPolicy: vault !== undefined,
    };
    const address = pick('address', vault?.address, VAULT_INPUTS.address);
    if (address !== undefined)
        settings.address = address.replace(/\/+$/, '');
    const namespace = pick('namespace', vault?.namespace, VAULT_INPUTS.namespace);
    if (namespace !== undefined)
        settings.namespace = namespace;
    const role = pick('auth.role', vault?.auth.role, VAULT_INPUTS.role);
    if (role !== undefined)
        settings.role = role;
    const audience = pick('auth.audience', vault?.auth.audience, VAULT_INPUTS.audience);
    if (audience !== undefined)
        settings.audience = audience;
    if (vault?.['max-ttl'] !== undefined)
        settings.maxTtl = vault['max-ttl'];
    return settings;
}
function normal(s) {
    return s.trim().replace(/\/+$/, '');
}
/** Per-request timeout: policy `timeout`, else input `vault-timeout`, else 10 s. */
function resolveTimeoutMs(policy, platform) {
    const text = policy?.vault?.timeout ?? platform.input(VAULT_INPUTS.timeout);
    if (text === undefined)
        return 10_000;
    if (!common/* DURATION_PATTERN */.Cq.test(text))
        throw new errors/* ConfigError */.xL('input-invalid', `${VAULT_INPUTS.timeout} "${text}" is not a duration like 10s`);
    return (0,common/* durationMs */.pc)(text);
}
/**
 * TLS material: the policy's files, or inputs holding PEM text or a file name. PEM text is what
 * GitHub secrets / GitLab file variables usually give; a name is read relative to the working directory.
 */
function resolveTls(policy, platform) {
    const tls = policy?.vault?.tls;
    const load = (fromPolicy, inputName, what) => {
        const value = fromPolicy ?? platform.input(inputName);
        if (value === undefined)
            return undefined;
        if (value.includes('-----BEGIN'))
            return value;
        if (!(0,external_node_fs_.existsSync)(value))
            throw new errors/* ConfigError */.xL('input-invalid', `${what} file "${value}" does not exist`, { hint: `give PEM text or an existing file in ${inputName} / secrets.vault.tls` });
        const text = (0,external_node_fs_.readFileSync)(value, 'utf8');
        if (!text.includes('-----BEGIN'))
            throw new errors/* ConfigError */.xL('input-invalid', `${what} file "${value}" is not PEM`);
        return text;
    };
    const ca = load(tls?.['ca-cert'], VAULT_INPUTS.caCert, 'CA certificate');
    const cert = load(tls?.['client-cert'], VAULT_INPUTS.clientCert, 'client certificate');
    const key = load(tls?.['client-key'], VAULT_INPUTS.clientKey, 'client key');
    if (key)
        platform.mask(key);
    if (Boolean(cert) !== Boolean(key))
        throw new errors/* ConfigError */.xL('input-invalid', 'a client certificate needs both a certificate and its key');
    if (!ca && !cert)
        return undefined;
    return { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
}

;// CONCATENATED MODULE: ./shared/actions/require-vault-secrets.ts
// require-vault-secrets: secrets only from Vault at run time, short-lived, masked, revoked; static
// credentials refused. Thin adapter: inputs → shared/vault + shared/scan → pure rules → outcome.














const INPUTS = [
    { name: 'secrets', description: 'Secrets to read: vault-action lines ("path key | NAME;", "path * | PREFIX_", "path | NAME" for the whole secret as JSON) or a YAML mapping (NAME: path#key, or NAME: {path, key, kv, file, output}).' },
    { name: VAULT_INPUTS.address, description: 'Vault address, when the policy sets none (an input that differs from the policy denies).' },
    { name: VAULT_INPUTS.namespace, description: 'Vault Enterprise namespace (X-Vault-Namespace), when the policy sets none.' },
    { name: VAULT_INPUTS.method, description: 'jwt (default: the run\'s OIDC token), token or approle; static auth needs `secrets.vault.static-auth: allow`.' },
    { name: VAULT_INPUTS.role, description: 'Vault role for the JWT login, when the policy sets none.' },
    { name: VAULT_INPUTS.audience, description: 'Audience of the OIDC token requested for the login, when the policy sets none.' },
    { name: VAULT_INPUTS.authPath, description: 'Mount path of the auth method (default: the method name, e.g. jwt).' },
    { name: 'vault-token', description: 'Static Vault token (auth method token; only with static-auth: allow).' },
    { name: 'vault-role-id', description: 'AppRole role_id (auth method approle; only with static-auth: allow).' },
    { name: 'vault-secret-id', description: 'AppRole secret_id (auth method approle).' },
    { name: VAULT_INPUTS.caCert, description: 'CA certificate for Vault: PEM text or a file name (policy secrets.vault.tls.ca-cert wins).' },
    { name: VAULT_INPUTS.clientCert, description: 'Client certificate for mutual TLS: PEM text or a file name.' },
    { name: VAULT_INPUTS.clientKey, description: 'Key of the client certificate: PEM text or a file name.' },
    { name: VAULT_INPUTS.timeout, description: 'Per-request timeout for Vault calls, e.g. 10s (policy secrets.vault.timeout wins).', default: '10s' },
    { name: 'export-env', description: 'Export each secret as an environment variable for later steps.', default: 'true' },
    { name: 'set-outputs', description: 'Also set a step output per secret (GitHub only; outputs are masked there).', default: 'false' },
    { name: 'secrets-as-files', description: 'Write every secret to a 0600 file under the runner temp dir and export NAME_FILE instead of the value.', default: 'false' },
    { name: 'scan', description: 'Scan the working tree and CI configs for static credentials before reading secrets.', default: 'true' },
    { name: 'scan-root', description: 'Directory to scan.', default: '.' },
    { name: 'diff-base', description: 'Scan only files changed since this git ref.' },
    { name: 'gitleaks-config', description: 'A .gitleaks.toml whose rules and allowlists to load.' },
];
function flag(req, name, fallback) {
    const v = req.platform.input(name)?.trim().toLowerCase();
    if (v === undefined)
        return fallback;
    if (['true', 'yes', '1', 'on'].includes(v))
        return true;
    if (['false', 'no', '0', 'off'].includes(v))
        return false;
    throw new errors/* ConfigError */.xL('input-invalid', `input ${name} must be true or false, not "${v}"`);
}
async function staticScan(req) {
    const root = (0,external_node_path_.resolve)(req.platform.input('scan-root') ?? '.');
    const diffBase = req.platform.input('diff-base');
    const gitleaksConfig = req.platform.input('gitleaks-config');
    const result = await scanTree({
        root,
        staticAllowed: req.constraints.secrets?.['static-allowed'] ?? [],
        ...(diffBase ? { diffBase } : {}),
        ...(gitleaksConfig ? { gitleaksConfig } : {}),
    });
    return { checks: staticCredentialChecks(result, req.ruleSource), artifacts: [{ kind: 'sarif', content: scanToSarif(result) }], files: result.filesScanned };
}
/** Scrub every secret value (and its encodings) out of what goes into reports, as a second line of defence. */
function scrub(redactor, value) {
    if (typeof value === 'string')
        return redactor.redact(value);
    if (Array.isArray(value))
        return value.map((v) => scrub(redactor, v));
    if (value !== null && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactor.redact(k), scrub(redactor, v)]));
    }
    return value;
}
function skipped(rule, why, req, path) {
    const s = req.ruleSource(path);
    return { rule, status: 'skip', message: `not attempted: ${why}`, policyPath: s.policyPath, ...(s.location ? { location: s.location } : {}) };
}
async function run(req) {
    const { platform } = req;
    const redactor = new redact/* Redactor */.p();
    const maskAll = (v) => {
        platform.mask(v);
        redactor.add(v);
    };
    const checks = [];
    const artifacts = [];
    const notes = [];
    const requests = parseSecretsSpec(platform.input('secrets') ?? '');
    if (requests.length === 0)
        throw new errors/* ConfigError */.xL('input-invalid', 'the secrets input is empty: name at least one secret to read', { hint: 'e.g. secrets: "secret/ci/app password | DB_PASSWORD"; for the static scan alone use the scan command' });
    const secretsPolicy = req.constraints.secrets;
    const settings = resolveSettings(secretsPolicy, platform);
    const timeoutMs = resolveTimeoutMs(secretsPolicy, platform);
    const tls = resolveTls(secretsPolicy, platform);
    const exportOptions = { env: flag(req, 'export-env', true), outputs: flag(req, 'set-outputs', false), files: flag(req, 'secrets-as-files', false) };
    if ((exportOptions.outputs || requests.some((r) => r.output)) && platform.name !== 'github') {
        throw new errors/* ConfigError */.xL('input-invalid', `step outputs for secrets are only available on GitHub, not ${platform.name}`, { hint: 'drop set-outputs / output: true and use the exported variables or files' });
    }
    if (flag(req, 'scan', true)) {
        const scan = await staticScan(req);
        checks.push(...scan.checks);
        artifacts.push(...scan.artifacts);
    }
    const scanFailed = checks.some((c) => c.status === 'fail');
    const config = vaultConfigCheck(settings, req.ruleSource);
    checks.push(config);
    if (config.status === 'fail' || (scanFailed && req.mode === 'enforce')) {
        const why = config.status === 'fail' ? 'the Vault settings are not usable' : 'static credentials were found in the repository';
        checks.push(skipped('secrets.vault-auth', why, req, ['secrets', 'vault', 'auth']));
        return finish(redactor, { checks, artifacts, notes });
    }
    if (!authAllowed(settings)) {
        checks.push(vaultAuthCheck(settings, undefined, req.ruleSource));
        return finish(redactor, { checks, artifacts, notes });
    }
    const client = new VaultClient({ address: settings.address, ...(settings.namespace ? { namespace: settings.namespace } : {}), ...(tls ? { tls } : {}), timeoutMs, attempts: 3 });
    const creds = { token: platform.input('vault-token'), roleId: platform.input('vault-role-id'), secretId: platform.input('vault-secret-id') };
    for (const v of [creds.token, creds.secretId])
        if (v)
            maskAll(v);
    const logged = await login(client, settings, platform, {
        ...(creds.token ? { token: creds.token } : {}),
        ...(creds.roleId ? { roleId: creds.roleId } : {}),
        ...(creds.secretId ? { secretId: creds.secretId } : {}),
    });
    checks.push(vaultAuthCheck(settings, logged.fact, req.ruleSource));
    if (!logged.fact.ok || !logged.token)
        return finish(redactor, { checks, artifacts, notes });
    redactor.add(logged.token);
    // Save the session before reading anything: if this step dies, the post step / revoke command still revokes.
    const session = {
        address: client.address,
        ...(client.namespace ? { namespace: client.namespace } : {}),
        token: logged.token,
        accessor: logged.fact.accessor,
        tokenType: logged.tokenType ?? 'service',
        leases: [],
    };
    // A static token is the user's, not ours: never revoke it.
    const ours = settings.method !== 'token';
    if (ours)
        saveSession(platform, session);
    const looked = await lookupToken(client);
    const ttl = ttlCheck(looked.fact, settings.maxTtl, req.now, req.ruleSource);
    if (looked.error)
        ttl.message = `${ttl.message}: ${looked.error}`;
    checks.push(ttl);
    let outcome;
    if (ttl.status !== 'fail' || req.mode === 'audit') {
        outcome = await readSecrets(client, requests, maskAll);
        session.leases = outcome.reads.flatMap((r) => (r.leaseId ? [r.leaseId] : []));
        if (ours)
            saveSession(platform, session);
        checks.push(...readChecks(outcome.reads, req.ruleSource), ...missingKeyChecks(outcome.selections, outcome.reads, req.ruleSource));
    }
    else {
        checks.push(skipped('secrets.read', 'the token breaks max-ttl', req, ['secrets', 'vault']));
    }
    const denied = checks.some((c) => c.status === 'fail');
    let exported;
    if (outcome && (!denied || req.mode === 'audit')) {
        exported = exportSecrets(platform, outcome.values, exportOptions);
        const s = req.ruleSource(['secrets', 'vault']);
        const names = [...exported.env, ...exported.files.map((f) => f.variable)];
        checks.push({
            rule: 'secrets.export',
            status: 'pass',
            message: `exported ${names.length} variable(s) for later steps: ${names.join(', ') || '(none)'}${exported.outputs.length ? `; step outputs: ${exported.outputs.join(', ')}` : ''}${exported.files.length ? `; ${exported.files.length} file(s) with mode 0600` : ''}`,
            seen: { env: exported.env, files: exported.files.map((f) => f.variable), outputs: exported.outputs },
            required: 'masked values, never in reports',
            policyPath: s.policyPath,
            ...(s.location ? { location: s.location } : {}),
        });
    }
    let revoked;
    if (denied && req.mode === 'enforce' && ours) {
        // Denied: nothing was handed on, so the token has no further use. Revoke it now.
        revoked = await revokeSession(session, tls, timeoutMs);
        platform.saveState(STATE_KEY, '');
        notes.push(`denied: the Vault token ${session.accessor} was revoked at once (${typeof revoked.token === 'object' ? `failed: ${revoked.token.failure}` : revoked.token})`);
    }
    else if (ours) {
        notes.push(platform.name === 'github' ? 'the Vault token is revoked by the post step' : 'run `ci-constraints require-vault-secrets revoke` at job end (GitLab after_script, CircleCI when: always) to revoke the Vault token');
    }
    const details = {
        vault: {
            address: session.address,
            namespace: session.namespace ?? null,
            method: settings.method,
            role: settings.role ?? null,
            accessor: session.accessor,
            paths: outcome?.reads.map((r) => ({ path: r.path, engine: r.engine ?? null, ok: !r.error })) ?? [],
            leases: session.leases.length,
            exported: exported ? { env: exported.env, files: exported.files.map((f) => f.variable), outputs: exported.outputs } : null,
            revoked: revoked ? { token: typeof revoked.token === 'object' ? 'failed' : revoked.token, leases: revoked.leases.length } : null,
        },
    };
    const outputs = {
        'vault-accessor': session.accessor,
        'exported-names': exported ? [...exported.env, ...exported.files.map((f) => f.variable)].join(',') : '',
    };
    const summary = summaryMarkdown(outcome, exported, session, revoked);
    return finish(redactor, { checks, artifacts, notes, details, outputs, summary });
}
function summaryMarkdown(outcome, exported, session, revoked) {
    const lines = ['### Vault secrets', '', `Token accessor \`${session.accessor}\` at ${session.address}${session.namespace ? ` (namespace ${session.namespace})` : ''}.`, ''];
    if (outcome?.selections.length) {
        lines.push('| secret | path | key | status |', '|---|---|---|---|');
        for (const s of outcome.selections)
            lines.push(`| ${s.names.join(', ') || s.request.name} | ${s.request.path} | ${s.request.key ?? '(whole, JSON)'} | ${s.found ? 'read' : 'missing'} |`);
        lines.push('');
    }
    if (exported)
        lines.push(`Exported: ${[...exported.env, ...exported.files.map((f) => f.variable)].join(', ') || '(none)'}. Values are masked and never written to reports.`);
    if (revoked)
        lines.push(`Revoked at once after the deny: token ${typeof revoked.token === 'object' ? `failed (${revoked.token.failure})` : revoked.token}, ${revoked.leases.length} lease(s).`);
    return lines.join('\n');
}
function finish(redactor, out) {
    return scrub(redactor, out);
}
/**
 * Files this action wrote secret values into under its own job temp dir (`secrets-as-files`
 * directories; the default export file where the platform has no masked env channel) go with the
 * token: a GitLab shell or CircleCI machine runner keeps /tmp across jobs. A user's own
 * `--export-file` path is left alone.
 */
function removeValueFiles(platform) {
    const dir = platform.tempDir();
    const removed = [];
    let names;
    try {
        names = (0,external_node_fs_.readdirSync)(dir);
    }
    catch {
        return removed;
    }
    for (const name of names) {
        if (!name.startsWith('ci-constraints-secrets-') && !(name === 'env.sh' && platform.name !== 'github'))
            continue;
        (0,external_node_fs_.rmSync)((0,external_node_path_.join)(dir, name), { recursive: true, force: true });
        removed.push((0,external_node_path_.join)(dir, name));
    }
    return removed;
}
async function revoke(req) {
    const { platform } = req;
    const removedFiles = removeValueFiles(platform);
    const session = loadSession(platform);
    const redactor = new redact/* Redactor */.p();
    if (session)
        redactor.add(session.token);
    const fact = session ? await revokeSession(session, resolveTls(req.constraints.secrets, platform), resolveTimeoutMs(req.constraints.secrets, platform)) : undefined;
    if (session)
        platform.saveState(STATE_KEY, '');
    const check = revokeCheck(fact, req.ruleSource);
    const revokedLeases = fact?.leases.filter((l) => l.outcome === 'revoked' || l.outcome === 'with-token').map((l) => l.id) ?? [];
    const tokenState = fact ? (typeof fact.token === 'object' ? `failed (${fact.token.failure})` : fact.token) : 'none';
    return scrub(redactor, {
        checks: [check],
        details: { revoked: fact ? { accessor: fact.accessor, token: tokenState, leases: revokedLeases } : null, removedFiles },
        outputs: { 'revoked-token': tokenState, 'revoked-leases': String(revokedLeases.length) },
        summary: `${fact ? `### Vault revocation\n\nToken \`${fact.accessor}\`: ${tokenState}. Leases revoked: ${revokedLeases.length ? revokedLeases.map((l) => `\`${l}\``).join(', ') : 'none'}.` : '### Vault revocation\n\nNothing to revoke.'}${removedFiles.length ? ` Removed ${removedFiles.length} file(s) that held secret values.` : ''}`,
    });
}
async function scan(req) {
    const result = await staticScan(req);
    return { checks: result.checks, artifacts: result.artifacts, details: { scan: { filesScanned: result.files } } };
}
const action = {
    name: 'require-vault-secrets',
    description: 'Secrets only from Vault at run time: OIDC login, short-lived token, masked export, revoked at job end; static credentials in the repository and CI config refused.',
    inputs: INPUTS,
    commands: { run, revoke, scan },
    post: 'revoke',
};
/* harmony default export */ const require_vault_secrets = (action);


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
