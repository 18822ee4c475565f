export const id = 688;
export const ids = [688,2];
export const modules = {

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
