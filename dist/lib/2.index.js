export const id = 2;
export const ids = [2];
export const modules = {

/***/ 2:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ redactUrl),
/* harmony export */   httpRequest: () => (/* binding */ httpRequest)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2635);

const RETRYABLE = (status) => status === 429 || status >= 500;
/**
 * fetch with a timeout per attempt, bounded retries with exponential backoff on 429/5xx and
 * network errors, and a cap on the body size. Non-retryable statuses are returned to the caller;
 * exhausted retries throw `api-failed` naming the endpoint and the last status.
 */
async function httpRequest(url, options = {}) {
    const attempts = Math.max(1, options.attempts ?? 3);
    const label = options.label ?? redactUrl(url);
    let lastProblem = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
        try {
            const res = await fetch(url, {
                method: options.method ?? 'GET',
                headers: options.headers,
                body: options.body,
                signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
                redirect: 'error',
            });
            const text = await readCapped(res, options.maxBytes ?? 10 * 1024 * 1024, label);
            if (RETRYABLE(res.status) && attempt < attempts) {
                lastProblem = `HTTP ${res.status}`;
                await sleep(backoffMs(attempt, res.headers.get('retry-after')));
                continue;
            }
            return {
                status: res.status,
                headers: res.headers,
                text,
                json() {
                    try {
                        return JSON.parse(text);
                    }
                    catch {
                        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CiConstraintsError */ .FX('api-failed', `${label} answered HTTP ${res.status} with a body that is not JSON`);
                    }
                },
            };
        }
        catch (err) {
            if (err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CiConstraintsError */ .FX)
                throw err;
            const e = err;
            lastProblem = e.name === 'TimeoutError' ? `timed out after ${options.timeoutMs ?? 10_000} ms` : e.cause?.message ?? e.message;
            if (attempt < attempts)
                await sleep(backoffMs(attempt, null));
        }
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CiConstraintsError */ .FX('api-failed', `${label} failed after ${attempts} attempt(s): ${lastProblem}`);
}
function backoffMs(attempt, retryAfter) {
    const seconds = retryAfter !== null ? Number(retryAfter) : NaN;
    if (Number.isFinite(seconds) && seconds >= 0)
        return Math.min(seconds * 1000, 10_000);
    return Math.min(200 * 2 ** (attempt - 1), 5_000);
}
async function readCapped(res, maxBytes, label) {
    if (!res.body)
        return '';
    const chunks = [];
    let size = 0;
    for await (const chunk of res.body) {
        size += chunk.byteLength;
        if (size > maxBytes)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CiConstraintsError */ .FX('api-failed', `${label} answered with more than ${maxBytes} bytes`);
        chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
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
