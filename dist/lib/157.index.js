export const id = 157;
export const ids = [157];
export const modules = {

/***/ 2157:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  "default": () => (/* binding */ sign_artifact),
  loadSigningKey: () => (/* binding */ loadSigningKey)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(2635);
;// CONCATENATED MODULE: ./shared/artifacts/errors.ts

const BASE = {
    'file-missing': 'io-failed',
    'file-unreadable': 'io-failed',
    'file-changed': 'io-failed',
    'file-type': 'input-invalid',
    'symlink-loop': 'io-failed',
    'glob-empty': 'input-invalid',
    'path-invalid': 'input-invalid',
    'checksums-invalid': 'input-invalid',
    'key-missing': 'input-invalid',
    'key-unreadable': 'io-failed',
    'key-invalid': 'input-invalid',
    'key-type': 'input-invalid',
    'bundle-invalid': 'input-invalid',
    'statement-invalid': 'input-invalid',
    'decision-invalid': 'input-invalid',
    'tar-invalid': 'input-invalid',
    'git-failed': 'io-failed',
    'output-conflict': 'input-invalid',
};
/** An artifact operation that could not be completed. Always judged as a deny (fail closed). */
class ArtifactError extends errors/* CiConstraintsError */.FX {
    reason;
    constructor(reason, message, options = {}) {
        super(BASE[reason], message, options);
        this.reason = reason;
    }
}
/** Map a node fs error on `path` to an ArtifactError with a fix hint; never includes file content. */
function errors_fsError(err, path, what = 'file') {
    const code = err?.code;
    if (err instanceof ArtifactError)
        return err;
    switch (code) {
        case 'ENOENT':
            return new ArtifactError('file-missing', `${what} "${path}" does not exist`, { hint: 'check the path (relative to the working directory) and that the build produced it', cause: err });
        case 'EACCES':
        case 'EPERM':
            return new ArtifactError('file-unreadable', `${what} "${path}" is not readable (${code})`, { hint: 'fix its permissions so the job user can read it', cause: err });
        case 'ELOOP':
            return new ArtifactError('symlink-loop', `${what} "${path}" is a symbolic link loop`, { hint: 'remove or fix the symbolic link', cause: err });
        case 'EISDIR':
            return new ArtifactError('file-type', `${what} "${path}" is a directory`, { cause: err });
        default:
            return new ArtifactError('file-unreadable', `${what} "${path}" could not be read (${code ?? (err instanceof Error ? err.message : String(err))})`, { cause: err });
    }
}

;// CONCATENATED MODULE: ./shared/artifacts/digest.ts




const HASH_ALGORITHMS = ['sha256', 'sha512'];
/** Read size: large enough that syscalls and hash-update overhead vanish next to the hashing itself. */
const READ_CHUNK = 1024 * 1024;
/**
 * Stream one regular file through SHA-256 (and SHA-512 when asked) in a single pass with bounded
 * memory. The file's size, mtime and inode are compared before and after, and the byte count
 * against the size, so a file that changes while it is read is an error, never a digest.
 */
async function digestFile(path, opts = {}) {
    const algorithms = normaliseAlgorithms(opts.algorithms);
    let fh;
    try {
        // Refuse FIFOs and devices before open(), which would block on a FIFO.
        if (!(await (0,promises_.stat)(path)).isFile())
            throw new ArtifactError('file-type', `"${path}" is not a regular file`, { hint: 'give a file, a directory or a glob' });
        fh = await (0,promises_.open)(path, 'r');
    }
    catch (err) {
        throw errors_fsError(err, path);
    }
    try {
        let before;
        try {
            before = await fh.stat();
        }
        catch (err) {
            throw errors_fsError(err, path);
        }
        if (!before.isFile())
            throw new ArtifactError('file-type', `"${path}" is not a regular file`, { hint: 'give a file, a directory or a glob' });
        const hashes = algorithms.map((a) => [a, (0,external_node_crypto_.createHash)(a)]);
        const sinks = opts.sinks ?? [];
        // Two reused buffers: the next read runs on the thread pool while this chunk is hashed, so
        // throughput approaches the slower of reading and hashing instead of their sum; no per-chunk
        // garbage, so peak RSS stays flat whatever the file size.
        const size = opts.chunkSize ?? READ_CHUNK;
        const bufs = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
        let which = 0;
        let pending = fh.read(bufs[0], 0, size, null);
        let bytes = 0;
        const started = external_node_perf_hooks_.performance.now();
        let lastReport = started;
        try {
            for (;;) {
                let n;
                try {
                    n = (await pending).bytesRead;
                }
                catch (err) {
                    pending = undefined;
                    throw errors_fsError(err, path);
                }
                pending = undefined;
                if (n === 0)
                    break;
                const chunk = bufs[which].subarray(0, n);
                which ^= 1;
                pending = fh.read(bufs[which], 0, size, null);
                for (const [, h] of hashes)
                    h.update(chunk);
                for (const s of sinks)
                    s.update(chunk);
                bytes += n;
                if (opts.onChunk)
                    await opts.onChunk({ path, bytes, total: before.size });
                if (opts.onProgress) {
                    const now = external_node_perf_hooks_.performance.now();
                    if (now - started > 1000 && now - lastReport >= 1000) {
                        lastReport = now;
                        opts.onProgress({ path, bytes, total: before.size });
                    }
                }
            }
        }
        finally {
            // Never close the file under a read still in flight (an error above left one behind).
            await pending?.catch(() => undefined);
        }
        let after;
        let atPath;
        try {
            after = await fh.stat();
            atPath = await (0,promises_.stat)(path);
        }
        catch (err) {
            throw errors_fsError(err, path);
        }
        if (after.size !== before.size ||
            after.mtimeMs !== before.mtimeMs ||
            bytes !== before.size ||
            atPath.ino !== before.ino ||
            atPath.dev !== before.dev) {
            throw new ArtifactError('file-changed', `"${path}" changed while it was being hashed (size ${before.size} -> ${after.size}, read ${bytes} bytes${atPath.ino !== before.ino ? ', replaced by another file' : ''})`, { hint: 'hash artifacts only after the step that writes them has finished' });
        }
        const digest = {};
        for (const [a, h] of hashes)
            digest[a] = h.digest('hex');
        return { path, size: before.size, mode: (before.mode & 0o111) !== 0 ? '100755' : '100644', digest };
    }
    finally {
        await fh.close().catch(() => undefined);
    }
}
function normaliseAlgorithms(list) {
    const set = new Set(['sha256', ...(list ?? [])]);
    return HASH_ALGORITHMS.filter((a) => set.has(a));
}
function parseAlgorithms(text) {
    if (!text)
        return ['sha256'];
    const out = [];
    for (const raw of text.split(/[\s,]+/).filter(Boolean)) {
        const a = raw.toLowerCase().replace('-', '');
        if (a !== 'sha256' && a !== 'sha512') {
            throw new ArtifactError('path-invalid', `unknown hash algorithm "${raw}"`, { hint: 'use sha256, or sha256,sha512' });
        }
        out.push(a);
    }
    return normaliseAlgorithms(out);
}
function formatBytes(n) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let v = n;
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
    }
    return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

;// CONCATENATED MODULE: ./shared/artifacts/keys.ts



const KEY_ALGORITHMS = (/* unused pure expression or super */ null && (['ecdsa-p256', 'ed25519']));
/** The hint of a public key: hex SHA-256 of its SPKI DER form. */
function keyHint(publicKey) {
    return (0,external_node_crypto_.createHash)('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}
function keyAlgorithm(key, origin) {
    const type = key.asymmetricKeyType;
    if (type === 'ed25519')
        return 'ed25519';
    if (type === 'ec') {
        const curve = key.asymmetricKeyDetails?.namedCurve;
        if (curve === 'prime256v1')
            return 'ecdsa-p256';
        throw new ArtifactError('key-type', `${origin} is an EC key on curve ${curve ?? 'unknown'}; only P-256 (prime256v1) is supported`, {
            hint: 'generate one with: openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem',
        });
    }
    throw new ArtifactError('key-type', `${origin} is a ${type ?? 'unknown'} key; only ECDSA P-256 and Ed25519 are supported`, {
        hint: 'generate one with: openssl genpkey -algorithm ed25519 -out key.pem',
    });
}
function parseAlgorithm(text) {
    if (!text || text === 'auto')
        return undefined;
    const t = text.toLowerCase();
    if (t === 'ecdsa-p256' || t === 'p256' || t === 'p-256' || t === 'ecdsa')
        return 'ecdsa-p256';
    if (t === 'ed25519')
        return 'ed25519';
    throw new ArtifactError('key-type', `unknown algorithm "${text}"`, { hint: 'use auto, ecdsa-p256 or ed25519' });
}
/**
 * Load a private key from PEM text. The text is never put in an error message; the caller has
 * already masked it. Encrypted PKCS#8 needs `passphrase`.
 */
function signingKeyFromPem(pem, origin, opts = {}) {
    if (!/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(pem)) {
        const hint = /-----BEGIN PUBLIC KEY-----/.test(pem) ? 'this is a public key; give the private key to sign and the public key to verify' : 'give a PEM private key (-----BEGIN PRIVATE KEY-----)';
        throw new ArtifactError('key-invalid', `${origin} does not contain a PEM private key`, { hint });
    }
    let privateKey;
    try {
        privateKey = (0,external_node_crypto_.createPrivateKey)(opts.passphrase === undefined ? { key: pem, format: 'pem' } : { key: pem, format: 'pem', passphrase: opts.passphrase });
    }
    catch (err) {
        const code = err.code ?? '';
        const encrypted = /ENCRYPTED/.test(pem) || /passphrase|bad decrypt/i.test(code + String(err.message));
        throw new ArtifactError('key-invalid', `${origin} could not be read as a private key${encrypted ? ' (it is encrypted: wrong or missing passphrase)' : ''}`, {
            hint: encrypted ? 'set key-passphrase' : 'check that the PEM is complete (BEGIN/END lines, no extra indentation)',
        });
    }
    const algorithm = keyAlgorithm(privateKey, origin);
    if (opts.algorithm && opts.algorithm !== algorithm) {
        throw new ArtifactError('key-type', `${origin} is an ${algorithm} key but algorithm ${opts.algorithm} was requested`, { hint: 'use a matching key or set algorithm: auto' });
    }
    const publicKey = (0,external_node_crypto_.createPublicKey)(privateKey);
    return { algorithm, privateKey, publicKey, hint: keyHint(publicKey), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}
async function readKeyFile(path) {
    try {
        return await (0,promises_.readFile)(path, 'utf8');
    }
    catch (err) {
        const e = errors_fsError(err, path, 'key file');
        throw new ArtifactError(e.reason === 'file-missing' ? 'key-missing' : 'key-unreadable', e.message, e.hint === undefined ? {} : { hint: e.hint });
    }
}
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
/** Public keys from PEM text (several blocks allowed); a private key is refused so it is never written into reports. */
function verifyKeysFromPem(text, origin) {
    const blocks = text.match(PEM_BLOCK) ?? [];
    if (blocks.length === 0)
        throw new ArtifactError('key-invalid', `${origin} contains no PEM public key`, { hint: 'give -----BEGIN PUBLIC KEY----- text or a path to a .pem file' });
    return blocks.map((block, i) => {
        const where = blocks.length > 1 ? `${origin} (key ${i + 1})` : origin;
        if (/PRIVATE KEY/.test(block.split('\n')[0] ?? '')) {
            throw new ArtifactError('key-invalid', `${where} is a private key; verification takes public keys only`, { hint: 'export it with: openssl pkey -in key.pem -pubout' });
        }
        let publicKey;
        try {
            publicKey = (0,external_node_crypto_.createPublicKey)({ key: block, format: 'pem' });
        }
        catch {
            throw new ArtifactError('key-invalid', `${where} could not be read as a public key`, { hint: 'check that the PEM is complete' });
        }
        const algorithm = keyAlgorithm(publicKey, where);
        return { algorithm, publicKey, hint: keyHint(publicKey), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), origin: where };
    });
}
/** A public key given as PEM text or as a path to a PEM file. */
async function loadVerifyKeys(value, origin, cwd) {
    if (value.includes('-----BEGIN'))
        return verifyKeysFromPem(value, origin);
    const { resolve } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 6760, 23));
    const path = resolve(cwd, value.trim());
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (err) {
        const e = errors_fsError(err, value.trim(), 'public key file');
        throw new ArtifactError(e.reason === 'file-missing' ? 'key-missing' : 'key-unreadable', `${origin}: ${e.message}`, e.hint === undefined ? {} : { hint: e.hint });
    }
    return verifyKeysFromPem(text, `${origin} (${value.trim()})`);
}

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
;// CONCATENATED MODULE: ./shared/artifacts/tree.ts





const MANIFEST_MEDIA_TYPE = 'application/vnd.ci-constraints.tree-manifest.v1+json';
/** Byte-wise order of UTF-8 paths: the same on every platform and locale. */
function comparePaths(a, b) {
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
/**
 * The tree digest: for every entry in byte-wise path order, `<mode> <hex digest> <path>\0`, hashed.
 * Depends on relative paths, modes and contents only: not on listing order, mtimes, owners or
 * the platform's separator. Empty directories do not count (as in git).
 */
function treeDigest(entries, algorithm = 'sha256') {
    const h = (0,external_node_crypto_.createHash)(algorithm);
    const sorted = [...entries].sort((a, b) => comparePaths(a.path, b.path));
    for (let i = 1; i < sorted.length; i++) {
        if (sorted[i].path === sorted[i - 1].path)
            throw new ArtifactError('path-invalid', `duplicate path "${sorted[i].path}" in a tree`);
    }
    for (const e of sorted) {
        const hex = e.digest[algorithm];
        if (!hex)
            throw new ArtifactError('path-invalid', `entry "${e.path}" has no ${algorithm} digest`);
        h.update(`${e.mode} ${hex} ${e.path}\0`, 'utf8');
    }
    return h.digest('hex');
}
function manifestFromEntries(root, entries, algorithms = ['sha256']) {
    const files = [...entries].sort((a, b) => comparePaths(a.path, b.path));
    const digest = {};
    for (const a of normaliseAlgorithms(algorithms))
        digest[a] = treeDigest(files, a);
    return { mediaType: MANIFEST_MEDIA_TYPE, root, digest, files };
}
/** Walk a directory and digest every file in it. */
async function digestTree(root, opts = {}) {
    const algorithms = normaliseAlgorithms(opts.algorithms);
    let rootReal;
    try {
        const s = await (0,promises_.stat)(root);
        if (!s.isDirectory())
            throw new ArtifactError('file-type', `"${root}" is not a directory`);
        rootReal = await (0,promises_.realpath)(root);
    }
    catch (err) {
        throw errors_fsError(err, root, 'directory');
    }
    const entries = [];
    await walk(root, [rootReal], entries, root, { ...opts, algorithms });
    return manifestFromEntries(toPosix(root), entries, algorithms);
}
async function walk(dir, ancestors, out, root, opts) {
    let names;
    try {
        names = (await (0,promises_.readdir)(dir)).sort(comparePaths);
    }
    catch (err) {
        throw errors_fsError(err, dir, 'directory');
    }
    for (const name of names) {
        const full = (0,external_node_path_.join)(dir, name);
        const rel = toPosix((0,external_node_path_.relative)(root, full));
        let ls;
        try {
            ls = await (0,promises_.lstat)(full);
        }
        catch (err) {
            throw errors_fsError(err, full);
        }
        if (ls.isSymbolicLink() && !opts.followSymlinks) {
            let target;
            try {
                target = await (0,promises_.readlink)(full);
            }
            catch (err) {
                throw errors_fsError(err, full, 'symbolic link');
            }
            const digest = {};
            for (const a of normaliseAlgorithms(opts.algorithms))
                digest[a] = (0,external_node_crypto_.createHash)(a).update(target, 'utf8').digest('hex');
            out.push({ path: rel, mode: '120000', size: Buffer.byteLength(target), digest, target });
            continue;
        }
        let st = ls;
        if (ls.isSymbolicLink()) {
            try {
                st = await (0,promises_.stat)(full);
            }
            catch (err) {
                throw errors_fsError(err, full, 'symbolic link target of');
            }
        }
        if (st.isDirectory()) {
            let childReal;
            try {
                childReal = await (0,promises_.realpath)(full);
            }
            catch (err) {
                throw errors_fsError(err, full, 'directory');
            }
            if (ancestors.includes(childReal)) {
                throw new ArtifactError('symlink-loop', `"${full}" links back to "${childReal}", which contains it: a symbolic link loop`, {
                    hint: 'remove the link, or sign without follow-symlinks so links are recorded instead of followed',
                });
            }
            await walk(full, [...ancestors, childReal], out, root, opts);
        }
        else if (st.isFile()) {
            const f = await digestFile(full, opts);
            out.push({ path: rel, mode: f.mode, size: f.size, digest: f.digest });
        }
        else {
            throw new ArtifactError('file-type', `"${full}" is neither a file, a directory nor a symbolic link`, { hint: 'sockets, FIFOs and devices cannot be artifacts; remove it from the directory' });
        }
    }
}
function toPosix(p) {
    return external_node_path_.sep === '/' ? p : p.split(external_node_path_.sep).join('/');
}
/** `sha256sum -c` compatible text of a manifest's regular files (links are covered by the signed manifest only). */
function manifestToChecksums(m, algorithm = 'sha256') {
    return m.files
        .filter((f) => f.mode !== '120000')
        .map((f) => checksumLine(f.digest[algorithm], f.path))
        .join('');
}
function checksumLine(hex, path) {
    if (/[\\\n\r]/.test(path)) {
        return `\\${hex}  ${path.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}\n`;
    }
    return `${hex}  ${path}\n`;
}
/** What changed from `expected` to `actual`, by path (digest and mode). */
function diffManifests(expected, actual) {
    const exp = new Map(expected.map((e) => [e.path, e]));
    const act = new Map(actual.map((e) => [e.path, e]));
    const added = [...act.keys()].filter((p) => !exp.has(p)).sort(comparePaths);
    const removed = [...exp.keys()].filter((p) => !act.has(p)).sort(comparePaths);
    const changed = [];
    for (const [p, e] of exp) {
        const a = act.get(p);
        if (!a)
            continue;
        if (a.digest.sha256 !== e.digest.sha256 || a.mode !== e.mode) {
            changed.push({ path: p, expected: `${e.mode} sha256:${e.digest.sha256}`, actual: `${a.mode} sha256:${a.digest.sha256}` });
        }
    }
    changed.sort((x, y) => comparePaths(x.path, y.path));
    return { added, removed, changed };
}

;// CONCATENATED MODULE: ./shared/artifacts/compare.ts

function show(d) {
    return `sha256:${d.sha256 ?? '?'}`;
}
/**
 * Compare subjects digested now with the subjects of a signed statement, by name. Every digest
 * algorithm both sides carry must agree. Directory subjects with a signed manifest get a per-file diff.
 */
function compareSubjects(signed, fresh, signedManifests, errors = new Map()) {
    const now = new Map(fresh.map((f) => [f.name, f]));
    const names = new Set(signed.map((s) => s.name));
    const out = { matched: [], missing: [], extra: [], changed: [] };
    for (const s of signed) {
        const f = now.get(s.name);
        if (!f) {
            const error = errors.get(s.name);
            out.missing.push(error === undefined ? { name: s.name, expected: show(s.digest) } : { name: s.name, expected: show(s.digest), error });
            continue;
        }
        const common = Object.keys(s.digest).filter((a) => a in f.digest);
        const same = common.length > 0 && common.every((a) => s.digest[a] === f.digest[a]);
        if (same) {
            out.matched.push(s.name);
            continue;
        }
        const change = { name: s.name, expected: show(s.digest), actual: show(f.digest) };
        const old = signedManifests.get(s.name);
        if (old && f.manifest)
            change.tree = diffManifests(old.files, f.manifest.files);
        out.changed.push(change);
    }
    for (const f of fresh)
        if (!names.has(f.name))
            out.extra.push({ name: f.name, actual: show(f.digest) });
    out.matched.sort(comparePaths);
    return out;
}
function comparisonOk(c, allowExtra = false) {
    return c.missing.length === 0 && c.changed.length === 0 && (allowExtra || c.extra.length === 0);
}
/** A compact, readable diff: one line per difference. */
function comparisonLines(c, limit = 50) {
    const lines = [];
    for (const m of c.missing)
        lines.push(`- ${m.name} (signed ${m.expected}${m.error ? `; now: ${m.error}` : '; not found now'})`);
    for (const e of c.extra)
        lines.push(`+ ${e.name} (${e.actual}; not in the signed statement)`);
    for (const ch of c.changed) {
        lines.push(`~ ${ch.name}: signed ${ch.expected}, now ${ch.actual}`);
        if (ch.tree) {
            for (const a of ch.tree.added)
                lines.push(`    + ${a} (added)`);
            for (const r of ch.tree.removed)
                lines.push(`    - ${r} (removed)`);
            for (const x of ch.tree.changed)
                lines.push(`    ~ ${x.path}: ${x.expected} -> ${x.actual}`);
        }
    }
    return lines.length > limit ? [...lines.slice(0, limit), `… and ${lines.length - limit} more`] : lines;
}

;// CONCATENATED MODULE: ./shared/artifacts/statement.ts


const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
const INTOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
/** Build type of our provenance: the pipeline run described by a PipelineContext. */
const BUILD_TYPE = 'https://ci-constraints.dev/buildtypes/pipeline/v1';
/** Predicate binding ci-constraints decision reports to the artifacts. */
const DECISIONS_PREDICATE = 'https://ci-constraints.dev/attestations/decisions/v1';
/** A stable builder id per platform and runner kind, from the context only. */
function builderId(ctx) {
    const kind = ctx.runner.kind;
    switch (ctx.platform) {
        case 'github':
            return `https://github.com/actions/runner/${kind === 'self-hosted' ? 'self-hosted' : 'github-hosted'}`;
        case 'gitlab':
            return `${ctx.serverUrl ?? 'https://gitlab.com'}/-/runners/${kind === 'self-hosted' ? 'self-managed' : 'hosted'}`;
        case 'circleci':
            return `https://circleci.com/runner/${kind === 'self-hosted' ? 'self-hosted' : 'cloud'}`;
        default:
            return 'https://ci-constraints.dev/builders/local';
    }
}
/** The run's id as a URI: the same fields on every platform, whatever provider filled them. */
function invocationId(ctx) {
    const server = ctx.serverUrl ?? `${ctx.platform}:`;
    const parts = [ctx.runId ?? 'unknown-run', ctx.runAttempt, ctx.jobId].filter((p) => p !== undefined && p !== '');
    return `${server.replace(/\/$/, '')}/${ctx.repository}/runs/${parts.join('/')}`;
}
function toSubjects(subjects) {
    return subjects.map((s) => ({ name: s.name, digest: { ...s.digest } }));
}
function manifestDescriptor(subjectName, manifest) {
    const { root: _root, ...portable } = manifest;
    const json = JSON.stringify(portable);
    return {
        name: `manifest:${subjectName}`,
        mediaType: MANIFEST_MEDIA_TYPE,
        digest: { ...manifest.digest },
        content: Buffer.from(json, 'utf8').toString('base64'),
    };
}
/** in-toto Statement v1 with a SLSA provenance v1 predicate built from the PipelineContext. */
function provenanceStatement(ctx, subjects) {
    const external = { repository: ctx.repository, ref: ctx.ref, event: ctx.event };
    if (ctx.workflow)
        external.workflow = ctx.workflow;
    if (ctx.workflowRef)
        external.workflowRef = ctx.workflowRef;
    const repoUri = `git+${(ctx.serverUrl ?? `https://${ctx.platform}.invalid`).replace(/\/$/, '')}/${ctx.repository}@${ctx.ref}`;
    const byproducts = subjects.filter((s) => s.manifest).map((s) => manifestDescriptor(s.name, s.manifest));
    const predicate = {
        buildDefinition: {
            buildType: BUILD_TYPE,
            externalParameters: external,
            internalParameters: { platform: ctx.platform, runner: { ...ctx.runner }, identitySource: ctx.identitySource },
            resolvedDependencies: [{ uri: repoUri, digest: { gitCommit: ctx.sha } }],
        },
        runDetails: {
            builder: { id: builderId(ctx) },
            metadata: { invocationId: invocationId(ctx), startedOn: ctx.time },
        },
    };
    if (byproducts.length > 0)
        predicate.runDetails.byproducts = byproducts;
    return { _type: STATEMENT_TYPE, subject: toSubjects(subjects), predicateType: SLSA_PROVENANCE_V1, predicate };
}
const ACTION_NAMES = ['verify-trigger', 'require-vault-secrets', 'ip-guard', 'security-gate', 'sign-artifact'];
/** Validate a ci-constraints JSON report (shared/decision.ts Decision) read from `origin`. */
function parseDecisionReport(text, origin) {
    let obj;
    try {
        obj = JSON.parse(text);
    }
    catch {
        throw new ArtifactError('decision-invalid', `decision report ${origin} is not JSON`, { hint: 'pass the file written by a ci-constraints action (its `report` output)' });
    }
    const d = obj;
    const problems = [];
    if (typeof d !== 'object' || d === null || Array.isArray(d))
        problems.push('not an object');
    else {
        if (!ACTION_NAMES.includes(d.action))
            problems.push(`action ${JSON.stringify(d.action)}`);
        if (d.decision !== 'allow' && d.decision !== 'deny')
            problems.push(`decision ${JSON.stringify(d.decision)}`);
        if (typeof d.environment !== 'string')
            problems.push('environment');
        if (d.mode !== 'enforce' && d.mode !== 'audit')
            problems.push('mode');
        if (!Array.isArray(d.violations))
            problems.push('violations');
        if (!Array.isArray(d.checks))
            problems.push('checks');
        if (typeof d.policy !== 'object' || d.policy === null || typeof d.policy.sha256 !== 'string')
            problems.push('policy');
    }
    if (problems.length > 0) {
        throw new ArtifactError('decision-invalid', `decision report ${origin} is not a ci-constraints report (bad: ${problems.join(', ')})`, {
            hint: 'pass the file written by a ci-constraints action (its `report` output)',
        });
    }
    return d;
}
function decisionsStatement(ctx, subjects, reports) {
    return {
        _type: STATEMENT_TYPE,
        subject: toSubjects(subjects),
        predicateType: DECISIONS_PREDICATE,
        predicate: {
            invocationId: invocationId(ctx),
            decisions: reports.map(({ name, sha256, decision: d }) => ({
                action: d.action,
                decision: d.decision,
                environment: d.environment,
                mode: d.mode,
                policy: { source: d.policy.source, sha256: d.policy.sha256 },
                violations: d.violations.length,
                checks: d.checks.map((c) => ({ rule: c.rule, status: c.status })),
                report: { name, sha256 },
            })),
        },
    };
}
/** Validate a decoded statement's shape (after its signature was checked). */
function assertStatement(obj) {
    const s = obj;
    const bad = [];
    if (typeof s !== 'object' || s === null)
        bad.push('not an object');
    else {
        if (s._type !== STATEMENT_TYPE)
            bad.push(`_type ${JSON.stringify(s._type)}`);
        if (!Array.isArray(s.subject) || s.subject.length === 0)
            bad.push('subject');
        else if (s.subject.some((x) => typeof x?.name !== 'string' || typeof x.digest !== 'object' || x.digest === null || typeof x.digest.sha256 !== 'string'))
            bad.push('subject entries (name + digest.sha256)');
        if (typeof s.predicateType !== 'string')
            bad.push('predicateType');
        if (typeof s.predicate !== 'object' || s.predicate === null)
            bad.push('predicate');
    }
    if (bad.length > 0)
        throw new ArtifactError('statement-invalid', `the signed payload is not an in-toto Statement v1 (bad: ${bad.join(', ')})`);
    return s;
}
/** Directory manifests carried in a provenance statement's byproducts, by subject name. */
function manifestsOf(statement) {
    const out = new Map();
    const byproducts = statement.predicate?.runDetails?.byproducts ?? [];
    for (const b of byproducts) {
        if (b.mediaType !== MANIFEST_MEDIA_TYPE || !b.name?.startsWith('manifest:') || !b.content)
            continue;
        try {
            const m = JSON.parse(Buffer.from(b.content, 'base64').toString('utf8'));
            if (Array.isArray(m.files))
                out.set(b.name.slice('manifest:'.length), { ...m, root: b.name.slice('manifest:'.length) });
        }
        catch {
            throw new ArtifactError('statement-invalid', `the manifest of ${b.name.slice(9)} in the statement is not valid JSON`);
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./shared/checks/artifacts.ts
/**
 * Pure rules of sign-artifact: facts in, CheckResults out. No I/O, no environment, no clock.
 * Crypto and file reading happen in shared/artifacts/; these functions judge what it found.
 */



const RULES = {
    subjects: 'artifacts.subjects',
    key: 'artifacts.key',
    signature: 'artifacts.signature',
    subjectDigest: 'artifacts.subject-digest',
    predicate: 'artifacts.predicate',
    reproducible: 'artifacts.reproducible',
    sourceMatch: 'artifacts.source-match',
    decisions: 'artifacts.decisions',
};
function result(rule, status, message, src, extra = {}) {
    const r = { rule, status, message, policyPath: src.policyPath };
    if (src.location)
        r.location = src.location;
    if (extra.seen !== undefined)
        r.seen = extra.seen;
    if (extra.required !== undefined)
        r.required = extra.required;
    return r;
}
/** A rule is enforced unless the policy says "optional": running a command that checks it asks for it. */
function enforced(value) {
    return value !== 'optional';
}
/** artifacts.subjects: every artifact named could be read and digested. */
function checkSubjects(facts, src) {
    const where = src(['artifacts']);
    if (facts.error !== undefined || !facts.subjects) {
        return result(RULES.subjects, 'fail', `artifacts could not be digested: ${facts.error ?? 'no subjects'}`, where, { required: 'readable, stable files, directories or checksums' });
    }
    if (facts.subjects.length === 0) {
        return result(RULES.subjects, 'fail', 'no artifacts to sign: the subjects and checksums inputs are empty', where, { seen: [], required: 'at least one subject' });
    }
    const seen = facts.subjects.map((s) => `${s.name} sha256:${s.digest.sha256}`);
    return result(RULES.subjects, 'pass', `${facts.subjects.length} artifact(s) digested`, where, { seen });
}
/** artifacts.key (sign): a usable signing key was given when a signature is required. */
function checkSigningKey(policy, facts, src) {
    const where = src(['artifacts', 'signature']);
    if (facts.error !== undefined)
        return result(RULES.key, 'fail', `signing key unusable: ${facts.error}`, where, { required: 'an ECDSA P-256 or Ed25519 private key in PEM' });
    if (!facts.given) {
        if (!enforced(policy?.signature))
            return result(RULES.key, 'skip', 'no signing key given and artifacts.signature is optional: digests only, nothing signed', where, { required: 'optional' });
        return result(RULES.key, 'fail', 'no signing key given but artifacts.signature is required', where, { seen: 'no key', required: 'key, key-env or key-file' });
    }
    return result(RULES.key, 'pass', `signing with ${facts.algorithm} key ${facts.hint}`, where, { seen: facts.hint });
}
/** artifacts.signature (verify): the bundle's DSSE signature verifies with a trusted key. */
function checkSignature(policy, facts, src) {
    const where = src(['artifacts', 'signature']);
    if (facts.bundle === undefined) {
        if (!enforced(policy?.signature))
            return result(RULES.signature, 'skip', 'no bundle given and artifacts.signature is optional', where, { required: 'optional' });
        return result(RULES.signature, 'fail', 'no bundle given to verify but artifacts.signature is required', where, { required: 'a .sigstore.json bundle' });
    }
    if (facts.ok === true) {
        return result(RULES.signature, 'pass', `${facts.bundle}: signature verified with trusted key ${facts.keyHint}`, where, { seen: facts.keyHint, required: facts.trusted });
    }
    return result(RULES.signature, 'fail', `${facts.bundle}: ${facts.error ?? 'signature not verified'}`, where, { seen: facts.keyHint ?? 'unverified', required: facts.trusted.length > 0 ? facts.trusted : 'a trusted public key' });
}
/** artifacts.subject-digest (verify): the files on disk are the bytes that were signed. */
function checkSubjectDigests(c, bundle, src, error) {
    const where = src(['artifacts', 'signature']);
    if (!c)
        return result(RULES.subjectDigest, 'fail', `subject digests of ${bundle} were not checked: ${error ?? 'no verified statement'}`, where, { required: 'files matching the signed digests' });
    if (comparisonOk(c, true)) {
        return result(RULES.subjectDigest, 'pass', `${c.matched.length} subject(s) match the signed digests`, where, { seen: c.matched });
    }
    const diff = comparisonLines(c);
    return result(RULES.subjectDigest, 'fail', `files differ from what ${bundle} signed:\n${diff.join('\n')}`, where, {
        seen: { changed: c.changed.map((x) => x.name), missing: c.missing.map((x) => x.name) },
        required: 'every signed subject present with its signed digest',
    });
}
function matcher(patterns) {
    const list = typeof patterns === 'string' ? [patterns] : [...patterns];
    const m = picomatch_default()(list, { dot: true, nobrace: true, noextglob: true });
    return (v) => list.includes(v) || m(v);
}
/** artifacts.predicate (verify): provenance type and fields match the policy's constraints. */
function checkPredicate(policy, statement, src, error) {
    const where = src(['artifacts', 'predicate']);
    if (!statement)
        return [result(RULES.predicate, 'fail', `predicate not checked: ${error ?? 'no verified statement'}`, where, { required: policy?.predicate ?? SLSA_PROVENANCE_V1 })];
    if (statement.predicateType !== SLSA_PROVENANCE_V1) {
        return [result(RULES.predicate, 'fail', `predicate type is ${statement.predicateType}, expected ${SLSA_PROVENANCE_V1}`, where, { seen: statement.predicateType, required: SLSA_PROVENANCE_V1 })];
    }
    const p = statement.predicate;
    const seen = {
        repository: p.buildDefinition?.externalParameters?.repository,
        ref: p.buildDefinition?.externalParameters?.ref,
        'builder-id': p.runDetails?.builder?.id,
    };
    const c = policy?.predicate;
    if (!c || (c.repository === undefined && c.ref === undefined && c['builder-id'] === undefined)) {
        return [result(RULES.predicate, 'pass', `SLSA provenance v1 from ${seen.repository ?? '?'} at ${seen.ref ?? '?'} (no predicate constraints in the policy)`, where, { seen })];
    }
    const out = [];
    for (const field of ['repository', 'ref', 'builder-id']) {
        const want = c[field];
        if (want === undefined)
            continue;
        const value = seen[field];
        const ok = typeof value === 'string' && matcher(want)(value);
        out.push(result(RULES.predicate, ok ? 'pass' : 'fail', ok ? `provenance ${field} ${value} is allowed` : `provenance ${field} is ${JSON.stringify(value ?? null)}, policy allows ${JSON.stringify(want)}`, src(['artifacts', 'predicate', field]), { seen: value ?? null, required: want }));
    }
    return out;
}
/** artifacts.reproducible: a fresh build's digests equal the previously signed ones. */
function checkReproducible(policy, facts, src) {
    const where = src(['artifacts', 'reproducible']);
    const must = enforced(policy?.reproducible);
    if (!facts.comparison) {
        if (!must)
            return result(RULES.reproducible, 'skip', `reproducibility not compared (${facts.error ?? 'no baseline'}) and artifacts.reproducible is optional`, where, { required: 'optional' });
        return result(RULES.reproducible, 'fail', `reproducibility could not be checked: ${facts.error ?? 'no baseline bundle given'}`, where, { required: 'a verified baseline bundle and the rebuilt artifacts' });
    }
    const c = facts.comparison;
    if (comparisonOk(c))
        return result(RULES.reproducible, 'pass', `rebuild matches ${facts.baseline}: ${c.matched.length} subject(s) bit-for-bit identical`, where, { seen: c.matched });
    const diff = comparisonLines(c);
    const message = `rebuild differs from ${facts.baseline}:\n${diff.join('\n')}`;
    const seen = {
        changed: c.changed.map((x) => ({ name: x.name, expected: x.expected, actual: x.actual, ...(x.tree ? { added: x.tree.added, removed: x.tree.removed, changed: x.tree.changed.map((t) => t.path) } : {}) })),
        missing: c.missing.map((x) => x.name),
        extra: c.extra.map((x) => x.name),
    };
    if (!must)
        return result(RULES.reproducible, 'skip', `${message}\n(artifacts.reproducible is optional: not enforced)`, where, { seen, required: 'optional' });
    return result(RULES.reproducible, 'fail', message, where, { seen, required: 'identical digests for every signed subject' });
}
/** artifacts.source-match: the release tarball holds nothing that `git archive` of its tag lacks. */
function checkSourceMatch(policy, facts, src) {
    const where = src(['artifacts', 'source-match']);
    const must = policy?.['source-match'] === 'required' || (facts.requested && policy?.['source-match'] !== 'optional');
    if (!facts.comparison) {
        if (!must)
            return result(RULES.sourceMatch, 'skip', 'no release tarball to compare with its tag', where, { required: policy?.['source-match'] ?? 'not configured' });
        return result(RULES.sourceMatch, 'fail', `source check could not run: ${facts.error ?? 'give source-tarball and source-tag'}`, where, { required: 'a release tarball and its git tag' });
    }
    const c = facts.comparison;
    const { allowed, unexpected } = partitionExtra(c.onlyInTarball, policy?.['source-allow-extra'] ?? []);
    const seen = { onlyInTarball: unexpected, allowedExtra: allowed, changed: c.changed.map((x) => x.path), onlyInGit: c.onlyInGit, same: c.same };
    if (unexpected.length === 0 && c.changed.length === 0) {
        return result(RULES.sourceMatch, 'pass', `${c.tarball} matches git archive of ${c.tag} (${c.same} files identical${allowed.length ? `, ${allowed.length} allowed extra` : ''}${c.onlyInGit.length ? `, ${c.onlyInGit.length} only in git` : ''})`, where, { seen });
    }
    const lines = [
        ...unexpected.map((p) => `+ ${p} (only in the tarball)`),
        ...c.changed.map((x) => `~ ${x.path}: tarball ${x.tarball}, git ${x.git}`),
    ];
    const shown = lines.length > 50 ? [...lines.slice(0, 50), `… and ${lines.length - 50} more`] : lines;
    const status = must ? 'fail' : 'skip';
    return result(RULES.sourceMatch, status, `${c.tarball} differs from git archive of ${c.tag}:\n${shown.join('\n')}${must ? '' : '\n(artifacts.source-match is optional: not enforced)'}`, where, {
        seen,
        required: { onlyInTarball: policy?.['source-allow-extra'] ?? [], changed: [] },
    });
}
/**
 * artifacts.decisions: reports bound to the artifact all allowed, in enforce mode, and every action
 * the policy lists is among them.
 */
function checkDecisions(policy, facts, src) {
    const where = src(['artifacts', 'decisions']);
    const required = policy?.decisions ?? [];
    if (facts.error !== undefined)
        return result(RULES.decisions, 'fail', `decision records unusable: ${facts.error}`, where, { required: required.length ? required : 'valid ci-constraints reports' });
    if (!facts.given || !facts.decisions) {
        if (required.length === 0)
            return result(RULES.decisions, 'skip', 'no decision records given', where);
        return result(RULES.decisions, 'fail', `no decision records given; the policy requires allow decisions of ${required.join(', ')}`, where, { seen: [], required });
    }
    const ds = facts.decisions;
    const bad = ds.filter((d) => d.decision !== 'allow' || d.mode !== 'enforce');
    const missing = required.filter((a) => !ds.some((d) => d.action === a));
    const seen = ds.map((d) => `${d.action}: ${d.decision} (${d.mode}, ${d.environment})`);
    if (bad.length > 0 || missing.length > 0) {
        const parts = [
            ...bad.map((d) => `${d.action} decided ${d.decision} in ${d.mode} mode (${d.violations} violation(s), ${d.report})`),
            ...missing.map((a) => `no decision of ${a}`),
        ];
        return result(RULES.decisions, 'fail', `decision records do not prove the checks passed: ${parts.join('; ')}`, where, { seen, required: required.length ? required.map((a) => `${a}: allow (enforce)`) : 'every bound decision: allow (enforce)' });
    }
    return result(RULES.decisions, 'pass', `${ds.length} decision record(s) bound, all allow: ${ds.map((d) => d.action).join(', ')}`, where, { seen, required: required.length ? required : undefined });
}
/** Split files only in the tarball into allowed (matching `allow` globs, e.g. generated `configure`) and not. */
function partitionExtra(paths, allow) {
    const isMatch = allow.length > 0 ? picomatch_default()([...allow], { dot: true }) : () => false;
    const allowed = [];
    const unexpected = [];
    for (const p of paths)
        (isMatch(p) ? allowed : unexpected).push(p);
    return { allowed, unexpected };
}

// EXTERNAL MODULE: ./node_modules/@sigstore/bundle/dist/index.js
var dist = __webpack_require__(1040);
// EXTERNAL MODULE: ./node_modules/@sigstore/core/dist/index.js
var core_dist = __webpack_require__(3917);
;// CONCATENATED MODULE: ./shared/artifacts/bundle.ts






/** Largest file an Ed25519 plain signature is made for: pure EdDSA needs the whole message in memory. */
const ED25519_PLAIN_LIMIT = 32 * 1024 * 1024;
/** The raw signature over `data` (ECDSA: SHA-256 + DER, as openssl and Sigstore expect; Ed25519: pure). */
function signBytes(key, data) {
    return (0,external_node_crypto_.sign)(key.algorithm === 'ed25519' ? null : 'sha256', data, key.privateKey);
}
function verifyBytes(key, data, signature) {
    try {
        return (0,external_node_crypto_.verify)(key.algorithm === 'ed25519' ? null : 'sha256', data, key.publicKey, signature);
    }
    catch {
        return false;
    }
}
/** Sign an in-toto statement into a DSSE envelope inside a Sigstore bundle v0.3 (public-key hint, no tlog). */
function signStatement(statement, key) {
    const payload = Buffer.from(JSON.stringify(statement), 'utf8');
    const signature = signBytes(key, core_dist.dsse.preAuthEncoding(INTOTO_PAYLOAD_TYPE, payload));
    const bundle = (0,dist/* toDSSEBundle */.PR)({ artifact: payload, artifactType: INTOTO_PAYLOAD_TYPE, signature, keyHint: key.hint });
    return (0,dist/* bundleToJSON */.ev)(bundle);
}
/** A streaming signer for the plain signature of a P-256 signed file, fed in the digest pass. */
function streamingSigner(key) {
    return key.algorithm === 'ecdsa-p256' ? (0,external_node_crypto_.createSign)('sha256') : undefined;
}
function finishStreamingSigner(signer, key) {
    return signer.sign(key.privateKey);
}
/**
 * Ed25519 plain signature of a file: reads it whole (up to ED25519_PLAIN_LIMIT) and checks the bytes
 * signed are the bytes digested.
 */
async function signFileEd25519(key, path, sha256) {
    let data;
    try {
        data = await (0,promises_.readFile)(path);
    }
    catch (err) {
        throw errors_fsError(err, path);
    }
    if ((0,external_node_crypto_.createHash)('sha256').update(data).digest('hex') !== sha256) {
        throw new ArtifactError('file-changed', `"${path}" changed between hashing and signing`, { hint: 'sign artifacts only after the step that writes them has finished' });
    }
    return signBytes(key, data);
}
/** Parse and validate a bundle file's text; any problem is a `bundle-invalid` error naming the fields. */
function parseBundle(text, origin) {
    let obj;
    try {
        obj = JSON.parse(text);
    }
    catch (err) {
        throw new ArtifactError('bundle-invalid', `bundle ${origin} is not valid JSON (${err.message})`, { hint: 'pass the .sigstore.json file written by sign-artifact, unmodified' });
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
        throw new ArtifactError('bundle-invalid', `bundle ${origin} is not a JSON object`);
    let bundle;
    try {
        bundle = (0,dist/* bundleFromJSON */.vw)(obj);
    }
    catch (err) {
        const fields = err instanceof dist/* ValidationError */.yI && err.fields ? ` (bad: ${err.fields.join(', ')})` : '';
        throw new ArtifactError('bundle-invalid', `bundle ${origin} is not a valid Sigstore bundle${fields}`, { cause: err });
    }
    if (bundle.mediaType !== dist/* BUNDLE_V03_MEDIA_TYPE */.HM && bundle.mediaType !== dist/* BUNDLE_V03_LEGACY_MEDIA_TYPE */.ZZ) {
        throw new ArtifactError('bundle-invalid', `bundle ${origin} has media type ${bundle.mediaType}; expected ${dist/* BUNDLE_V03_MEDIA_TYPE */.HM}`);
    }
    if (bundle.content.$case !== 'dsseEnvelope')
        throw new ArtifactError('bundle-invalid', `bundle ${origin} holds a ${bundle.content.$case}, not a DSSE envelope`);
    const vm = bundle.verificationMaterial.content;
    if (vm?.$case !== 'publicKey') {
        throw new ArtifactError('bundle-invalid', `bundle ${origin} is not key-based (verification material: ${vm?.$case ?? 'none'})`, { hint: 'sign-artifact verifies bundles signed with a public key it is given' });
    }
    const env = bundle.content.dsseEnvelope;
    const sig = env.signatures[0];
    if (!sig || env.signatures.length !== 1)
        throw new ArtifactError('bundle-invalid', `bundle ${origin} must carry exactly one signature`);
    return { bundle, payloadType: env.payloadType, payload: Buffer.from(env.payload), signature: Buffer.from(sig.sig), hint: vm.publicKey.hint };
}
async function readBundle(path) {
    let text;
    try {
        text = await readFile(path, 'utf8');
    }
    catch (err) {
        throw fsError(err, path, 'bundle');
    }
    return parseBundle(text, path);
}
/** Check the DSSE signature (over the PAE) with the trusted key the hint names, then decode the statement. */
function verifyParsedBundle(parsed, keys) {
    if (keys.length === 0)
        return { ok: false, problem: 'no-trusted-key', message: 'no public key to verify with' };
    if (parsed.payloadType !== INTOTO_PAYLOAD_TYPE) {
        return { ok: false, problem: 'payload-type', message: `payload type is ${parsed.payloadType}, expected ${INTOTO_PAYLOAD_TYPE}` };
    }
    const candidates = parsed.hint ? keys.filter((k) => k.hint === parsed.hint) : [...keys];
    if (candidates.length === 0) {
        return { ok: false, problem: 'untrusted-key', message: `signed by key ${parsed.hint}, which is not a trusted key (trusted: ${keys.map((k) => k.hint).join(', ')})` };
    }
    const pae = core_dist.dsse.preAuthEncoding(parsed.payloadType, parsed.payload);
    const key = candidates.find((k) => verifyBytes(k, pae, parsed.signature));
    if (!key)
        return { ok: false, problem: 'bad-signature', message: `the DSSE signature does not verify with key ${candidates.map((k) => k.hint).join(', ')}: the bundle or its statement was altered, or another key signed it` };
    let statement;
    try {
        statement = assertStatement(JSON.parse(parsed.payload.toString('utf8')));
    }
    catch (err) {
        return { ok: false, problem: 'statement-invalid', message: err instanceof Error ? err.message : String(err) };
    }
    return { ok: true, key, statement };
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./shared/artifacts/tar.ts


const BLOCK = 512;
const META_LIMIT = 1024 * 1024;
function cString(buf, start, len) {
    const slice = buf.subarray(start, start + len);
    const nul = slice.indexOf(0);
    return slice.subarray(0, nul === -1 ? len : nul).toString('utf8');
}
function numeric(buf, start, len, what) {
    const field = buf.subarray(start, start + len);
    if (field[0] & 0x80) {
        // GNU base-256: big-endian, high bit of the first byte is the marker.
        let v = field[0] & 0x7f;
        for (let i = 1; i < field.length; i++)
            v = v * 256 + field[i];
        if (!Number.isSafeInteger(v))
            throw new ArtifactError('tar-invalid', `tar header ${what} is too large`);
        return v;
    }
    const text = cString(buf, start, len).trim();
    if (text === '')
        return 0;
    if (!/^[0-7]+$/.test(text))
        throw new ArtifactError('tar-invalid', `tar header field ${what} is not octal (${JSON.stringify(text)})`);
    return parseInt(text, 8);
}
function checksumOk(h) {
    const stored = numeric(h, 148, 8, 'checksum');
    let sum = 0;
    for (let i = 0; i < BLOCK; i++)
        sum += i >= 148 && i < 156 ? 0x20 : h[i];
    return sum === stored;
}
function parsePax(data) {
    const out = {};
    let pos = 0;
    while (pos < data.length) {
        const space = data.indexOf(0x20, pos);
        if (space === -1)
            break;
        const len = parseInt(data.subarray(pos, space).toString('ascii'), 10);
        if (!Number.isFinite(len) || len <= 0 || pos + len > data.length)
            throw new ArtifactError('tar-invalid', 'malformed pax extended header');
        const record = data.subarray(space + 1, pos + len - 1).toString('utf8');
        const eq = record.indexOf('=');
        if (eq > 0)
            out[record.slice(0, eq)] = record.slice(eq + 1);
        pos += len;
    }
    return out;
}
/**
 * A minimal streaming tar reader (ustar, GNU long names, pax headers, base-256 sizes) that lists
 * members and hashes file contents as they stream by. Anything malformed is a `tar-invalid` error.
 */
async function listTar(chunks) {
    const entries = [];
    let pending = Buffer.alloc(0);
    let state = 'header';
    const now = () => state;
    let remaining = 0;
    let padding = 0;
    let current;
    let hash;
    let meta;
    let next = {};
    let zeroBlocks = 0;
    const finishEntry = () => {
        if (current) {
            if (hash)
                current.sha256 = hash.digest('hex');
            entries.push(current);
        }
        current = undefined;
        hash = undefined;
    };
    const onHeader = (h) => {
        if (h.every((b) => b === 0)) {
            zeroBlocks++;
            if (zeroBlocks >= 2)
                state = 'end';
            return;
        }
        zeroBlocks = 0;
        if (!checksumOk(h))
            throw new ArtifactError('tar-invalid', `tar header checksum mismatch after ${entries.length} entries`, { hint: 'the archive is corrupt or not a tar file' });
        const type = String.fromCharCode(h[156]);
        let size = numeric(h, 124, 12, 'size');
        const magic = cString(h, 257, 6);
        let name = cString(h, 0, 100);
        if (magic.startsWith('ustar')) {
            const prefix = cString(h, 345, 155);
            if (prefix && h.subarray(257, 263).toString('latin1') === 'ustar\0')
                name = `${prefix}/${name}`;
        }
        if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
            if (size > META_LIMIT)
                throw new ArtifactError('tar-invalid', `tar extended header of ${size} bytes is too large`);
            meta = { kind: type === 'x' ? 'pax' : type === 'g' ? 'global' : type === 'L' ? 'gnu-name' : 'gnu-link', parts: [] };
            remaining = size;
            padding = (BLOCK - (size % BLOCK)) % BLOCK;
            state = size > 0 ? 'meta' : 'header';
            if (size === 0)
                meta = undefined;
            return;
        }
        if (next.size !== undefined)
            size = next.size;
        const path = next.path ?? name;
        const linkname = next.linkname ?? cString(h, 157, 100);
        next = {};
        const kind = type === '0' || type === '\0' || type === '7' ? 'file' : type === '5' ? 'directory' : type === '2' ? 'symlink' : type === '1' ? 'hardlink' : 'other';
        current = { path, type: kind, mode: numeric(h, 100, 8, 'mode'), size };
        if (kind === 'symlink' || kind === 'hardlink')
            current.linkname = linkname;
        const dataSize = kind === 'directory' || kind === 'symlink' || kind === 'hardlink' ? 0 : size;
        if (kind === 'file')
            hash = (0,external_node_crypto_.createHash)('sha256');
        remaining = dataSize;
        padding = (BLOCK - (dataSize % BLOCK)) % BLOCK;
        if (dataSize === 0)
            finishEntry();
        else
            state = 'data';
    };
    const onMetaDone = () => {
        const data = Buffer.concat(meta.parts);
        if (meta.kind === 'pax') {
            const pax = parsePax(data);
            if (pax.path !== undefined)
                next.path = pax.path;
            if (pax.linkpath !== undefined)
                next.linkname = pax.linkpath;
            if (pax.size !== undefined)
                next.size = Number(pax.size);
        }
        else if (meta.kind === 'gnu-name')
            next.path = cString(data, 0, data.length);
        else if (meta.kind === 'gnu-link')
            next.linkname = cString(data, 0, data.length);
        meta = undefined;
    };
    for await (const chunk of chunks) {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        let pos = 0;
        while (now() !== 'end') {
            if (now() === 'header') {
                if (pending.length - pos < BLOCK)
                    break;
                onHeader(pending.subarray(pos, pos + BLOCK));
                pos += BLOCK;
            }
            else if (now() === 'data' || now() === 'meta') {
                const take = Math.min(remaining, pending.length - pos);
                if (take === 0)
                    break;
                const part = pending.subarray(pos, pos + take);
                if (state === 'data')
                    hash?.update(part);
                else
                    meta.parts.push(Buffer.from(part));
                pos += take;
                remaining -= take;
                if (remaining === 0) {
                    if (state === 'data')
                        finishEntry();
                    else
                        onMetaDone();
                    state = padding > 0 ? 'pad' : 'header';
                }
            }
            else if (state === 'pad') {
                const take = Math.min(padding, pending.length - pos);
                if (take === 0)
                    break;
                pos += take;
                padding -= take;
                if (padding === 0)
                    state = 'header';
            }
        }
        pending = pending.subarray(pos);
        if (now() === 'end')
            break;
    }
    if (now() === 'data' || now() === 'meta' || current)
        throw new ArtifactError('tar-invalid', 'tar archive ends in the middle of a member', { hint: 'the archive is truncated' });
    if (now() !== 'end' && zeroBlocks === 0 && entries.length === 0)
        throw new ArtifactError('tar-invalid', 'not a tar archive (no members)');
    return entries;
}

;// CONCATENATED MODULE: ./shared/artifacts/source.ts







async function sniff(path) {
    let fh;
    try {
        fh = await (0,promises_.open)(path, 'r');
    }
    catch (err) {
        throw errors_fsError(err, path, 'tarball');
    }
    try {
        const head = Buffer.alloc(6);
        await fh.read(head, 0, 6, 0);
        if (head[0] === 0x1f && head[1] === 0x8b)
            return 'gzip';
        if (head.equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])))
            return 'xz';
        if (head.subarray(0, 3).toString('latin1') === 'BZh')
            return 'bzip2';
        if (head.readUInt32LE(0) === 0xfd2fb528)
            return 'zstd';
        return 'none';
    }
    finally {
        await fh.close();
    }
}
/** Run a program without a shell and stream its stdout; a non-zero exit is an error with its stderr. */
async function* runStream(cmd, args, opts) {
    const child = (0,external_node_child_process_.spawn)(cmd, args, { cwd: opts.cwd, stdio: [opts.stdinFile ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
        if (stderr.length < 4000)
            stderr += d.toString('utf8');
    });
    const exited = new Promise((resolve, reject) => {
        child.on('error', reject);
        child.on('close', (code) => resolve(code ?? -1));
    });
    if (opts.stdinFile) {
        const input = (0,external_node_fs_.createReadStream)(opts.stdinFile);
        input.on('error', () => child.kill());
        input.pipe(child.stdin);
        child.stdin.on('error', () => undefined);
    }
    try {
        for await (const chunk of child.stdout)
            yield chunk;
    }
    finally {
        if (child.exitCode === null)
            child.stdout.destroy();
    }
    let code;
    try {
        code = await exited;
    }
    catch (err) {
        throw new ArtifactError(opts.what === 'git archive' ? 'git-failed' : 'tar-invalid', `${opts.what} could not run ${cmd}: ${err.message}`, { hint: `install ${cmd}` });
    }
    if (code !== 0) {
        throw new ArtifactError(opts.what === 'git archive' ? 'git-failed' : 'tar-invalid', `${opts.what} failed (${cmd} exit ${code}): ${stderr.trim().split('\n')[0] ?? ''}`);
    }
}
/** Members of a release tarball (.tar, .tar.gz, .tar.xz, .tar.bz2, .tar.zst), detected by magic bytes. */
async function tarballEntries(path) {
    const kind = await sniff(path);
    try {
        switch (kind) {
            case 'none':
                return await listTar((0,external_node_fs_.createReadStream)(path, { highWaterMark: 1 << 20 }));
            case 'gzip':
                return await listTar((0,external_node_fs_.createReadStream)(path, { highWaterMark: 1 << 20 }).pipe((0,external_node_zlib_.createGunzip)()));
            default:
                return await listTar(runStream(kind, ['-dc'], { stdinFile: path, what: `decompressing ${path}` }));
        }
    }
    catch (err) {
        if (err instanceof ArtifactError)
            throw err;
        if (err.code?.startsWith('Z_'))
            throw new ArtifactError('tar-invalid', `${path} is not valid gzip data`, { cause: err });
        throw errors_fsError(err, path, 'tarball');
    }
}
/** Reject anything that git could read as an option or a revision expression. */
function assertTagName(tag) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._\/+-]*$/.test(tag) || tag.includes('..') || tag.endsWith('.lock')) {
        throw new ArtifactError('path-invalid', `"${tag}" is not an acceptable tag name`, { hint: 'give a tag like v1.2.3 or refs/tags/v1.2.3' });
    }
    return tag.startsWith('refs/tags/') ? tag : `refs/tags/${tag}`;
}
/** Members of `git archive` of a tag in `repo`. */
async function gitArchiveEntries(repo, tag) {
    const ref = assertTagName(tag);
    return listTar(runStream('git', ['-C', repo, 'archive', '--format=tar', ref], { what: 'git archive' }));
}
function comparable(entries) {
    const out = new Map();
    for (const e of entries) {
        if (e.type === 'directory' || e.path === 'pax_global_header')
            continue;
        out.set(e.path.replace(/^\.\//, ''), e);
    }
    return out;
}
/** The single top-level directory shared by every member, if there is one (`name-1.0/`). */
function commonPrefix(paths) {
    if (paths.length === 0)
        return '';
    const first = paths[0].split('/')[0];
    if (!paths.every((p) => p.startsWith(`${first}/`)))
        return '';
    return `${first}/`;
}
function describe(e) {
    if (e.type === 'symlink')
        return `link -> ${e.linkname ?? ''}`;
    if (e.type === 'hardlink')
        return `hardlink -> ${e.linkname ?? ''}`;
    if (e.type !== 'file')
        return e.type;
    return `${(e.mode & 0o111) !== 0 ? '100755' : '100644'} sha256:${e.sha256 ?? ''}`;
}
/**
 * Compare a release tarball's files with `git archive` of its tag. Files only in the tarball are
 * what a release could smuggle in (the xz backdoor shipped in build-to-host.m4, absent from git).
 */
async function compareSource(opts) {
    const [tarEntries, gitEntries] = await Promise.all([tarballEntries(opts.tarball), gitArchiveEntries(opts.repo, opts.tag)]);
    const tarMap = comparable(tarEntries);
    const prefix = opts.prefix !== undefined ? (opts.prefix === '' || opts.prefix.endsWith('/') ? opts.prefix : `${opts.prefix}/`) : commonPrefix([...tarEntries.map((e) => e.path.replace(/^\.\//, ''))].filter((p) => p !== 'pax_global_header'));
    const tar = new Map();
    for (const [p, e] of tarMap) {
        if (prefix && !p.startsWith(prefix)) {
            tar.set(p, e);
            continue;
        }
        const rel = p.slice(prefix.length);
        if (rel !== '')
            tar.set(rel, e);
    }
    const git = comparable(gitEntries);
    const onlyInTarball = [...tar.keys()].filter((p) => !git.has(p)).sort(comparePaths);
    const onlyInGit = [...git.keys()].filter((p) => !tar.has(p)).sort(comparePaths);
    const changed = [];
    let same = 0;
    for (const [p, t] of tar) {
        const g = git.get(p);
        if (!g)
            continue;
        const a = describe(t);
        const b = describe(g);
        if (a === b)
            same++;
        else
            changed.push({ path: p, tarball: a, git: b });
    }
    changed.sort((x, y) => comparePaths(x.path, y.path));
    return { tarball: opts.tarball, tag: opts.tag, prefix, onlyInTarball, onlyInGit, changed, same };
}

;// CONCATENATED MODULE: ./shared/artifacts/subjects.ts






/** Split a multi-line input: one path, glob or directory per line; blank lines and `#` comments ignored. */
function splitList(text) {
    if (!text)
        return [];
    return text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'));
}
function subjectName(cwd, abs) {
    const rel = (0,external_node_path_.relative)(cwd, abs);
    if (rel === '')
        return '.';
    if (rel.startsWith('..') || (0,external_node_path_.isAbsolute)(rel))
        return toPosix(abs);
    return toPosix((0,external_node_path_.normalize)(rel));
}
/** Resolve the `subjects` input (files, globs, directories) into digested subjects. */
async function resolveSubjects(specs, opts = {}) {
    const cwd = opts.cwd ?? process.cwd();
    const out = [];
    for (const spec of specs) {
        const scan = picomatch_default().scan(spec);
        if (scan.isGlob) {
            const files = await globFiles(spec, cwd);
            if (files.length === 0) {
                throw new ArtifactError('glob-empty', `the glob "${spec}" matched no files under ${cwd}`, { hint: 'check the pattern and that the build wrote its output before this step' });
            }
            for (const f of files)
                out.push(await fileSubject(f, cwd, opts));
            continue;
        }
        const abs = (0,external_node_path_.resolve)(cwd, spec);
        let st;
        try {
            st = await (0,promises_.stat)(abs);
        }
        catch (err) {
            throw errors_fsError(err, spec);
        }
        if (st.isDirectory()) {
            const manifest = await digestTree(abs, opts);
            manifest.root = subjectName(cwd, abs);
            out.push({ name: `${subjectName(cwd, abs).replace(/\/$/, '')}/`, kind: 'directory', path: abs, size: manifest.files.reduce((n, f) => n + f.size, 0), digest: manifest.digest, manifest });
        }
        else if (st.isFile()) {
            out.push(await fileSubject(abs, cwd, opts));
        }
        else {
            throw new ArtifactError('file-type', `"${spec}" is neither a file nor a directory`, { hint: 'give files, directories or globs' });
        }
    }
    const seen = new Set();
    for (const s of out) {
        if (seen.has(s.name))
            throw new ArtifactError('path-invalid', `subject "${s.name}" is listed twice`, { hint: 'list each artifact once (globs may overlap)' });
        seen.add(s.name);
    }
    return out;
}
async function fileSubject(abs, cwd, opts) {
    const sinks = opts.sinksFor?.(abs);
    const f = await digestFile(abs, sinks ? { ...opts, sinks } : opts);
    return { name: subjectName(cwd, abs), kind: 'file', path: abs, size: f.size, digest: f.digest };
}
/** Files matching a glob, in byte-wise order. Walks only the glob's static base; does not follow directory links. */
async function globFiles(pattern, cwd) {
    const scan = picomatch_default().scan(pattern);
    const base = (0,external_node_path_.resolve)(cwd, scan.base || '.');
    const isMatch = picomatch_default()(toPosix((0,external_node_path_.normalize)(pattern)).replace(/^\.\//, ''), { dot: false });
    const absolutePattern = (0,external_node_path_.isAbsolute)(pattern);
    const out = [];
    const visit = async (dir) => {
        let names;
        try {
            names = await (0,promises_.readdir)(dir);
        }
        catch (err) {
            if (err.code === 'ENOENT' && dir === base)
                return;
            throw errors_fsError(err, dir, 'directory');
        }
        for (const name of names.sort(comparePaths)) {
            const full = (0,external_node_path_.join)(dir, name);
            let ls;
            try {
                ls = await (0,promises_.lstat)(full);
            }
            catch (err) {
                throw errors_fsError(err, full);
            }
            if (ls.isDirectory()) {
                await visit(full);
                continue;
            }
            const candidate = absolutePattern ? toPosix(full) : toPosix((0,external_node_path_.relative)(cwd, full));
            if (!isMatch(candidate))
                continue;
            if (ls.isSymbolicLink()) {
                let st;
                try {
                    st = await (0,promises_.stat)(full);
                }
                catch (err) {
                    throw errors_fsError(err, full);
                }
                if (!st.isFile())
                    continue;
            }
            else if (!ls.isFile())
                continue;
            out.push(full);
        }
    };
    await visit(base);
    return out;
}
/** Parse `sha256sum` output (GNU text/binary markers, backslash escapes) or BSD `SHA256 (name) = hex`. */
function parseChecksums(text, source = 'checksums file') {
    const out = [];
    const lines = text.split('\n');
    lines.forEach((raw, i) => {
        const line = raw.replace(/\r$/, '');
        if (line.trim() === '' || line.startsWith('#'))
            return;
        let m = /^(\\?)([0-9a-fA-F]{64}) [ *](.+)$/.exec(line);
        let name;
        let hex;
        if (m) {
            hex = m[2];
            name = m[1] ? m[3].replace(/\\(\\|n|r)/g, (_s, c) => (c === 'n' ? '\n' : c === 'r' ? '\r' : '\\')) : m[3];
        }
        else if ((m = /^SHA256 \((.+)\) = ([0-9a-fA-F]{64})$/.exec(line))) {
            name = m[1];
            hex = m[2];
        }
        if (!name || !hex) {
            const hint = /^[0-9a-fA-F]{128}\s/.test(line) ? 'this looks like SHA-512; give a sha256sum file' : 'each line must be "<64 hex digits>  <file name>" as written by sha256sum';
            throw new ArtifactError('checksums-invalid', `${source} line ${i + 1} is not a SHA-256 checksum line`, { hint });
        }
        out.push({ name, sha256: hex.toLowerCase() });
    });
    if (out.length === 0)
        throw new ArtifactError('checksums-invalid', `${source} lists no checksums`, { hint: 'generate it with sha256sum FILES > SHA256SUMS' });
    return out;
}
/**
 * Subjects from checksums files. A listed file that exists beside the checksums file is hashed and
 * must match its line (a mismatch is an error: never sign a digest the bytes do not have).
 */
async function resolveChecksumSubjects(files, opts = {}) {
    const cwd = opts.cwd ?? process.cwd();
    const out = [];
    for (const file of files) {
        const abs = (0,external_node_path_.resolve)(cwd, file);
        let text;
        try {
            text = await (0,promises_.readFile)(abs, 'utf8');
        }
        catch (err) {
            throw errors_fsError(err, file, 'checksums file');
        }
        for (const line of parseChecksums(text, file)) {
            const target = (0,external_node_path_.resolve)((0,external_node_path_.dirname)(abs), line.name);
            const subject = { name: line.name, kind: 'checksum', digest: { sha256: line.sha256 }, source: subjectName(cwd, abs) };
            const exists = await (0,promises_.stat)(target).then((s) => s.isFile(), () => false);
            if (exists) {
                const f = await digestFile(target, opts);
                if (f.digest.sha256 !== line.sha256) {
                    throw new ArtifactError('checksums-invalid', `${file} lists ${line.name} as sha256:${line.sha256} but the file has sha256:${f.digest.sha256}`, {
                        hint: 'regenerate the checksums file after the build, or find out what changed the file',
                    });
                }
                subject.path = target;
                subject.size = f.size;
                subject.digest = f.digest;
            }
            out.push(subject);
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./shared/artifacts/run.ts
/**
 * The three sign-artifact flows (sign, verify, reproduce) plus the source check: I/O here, judgement
 * in shared/checks/artifacts.ts. Every failure becomes a failed check (fail closed), never a throw
 * the caller has to catch, except programming errors.
 */













function message(err) {
    if (err instanceof ArtifactError)
        return err.hint ? `${err.message} (fix: ${err.hint})` : err.message;
    return err instanceof Error ? err.message : String(err);
}
function progress(log) {
    return (p) => log.info(`hashing ${p.path}: ${formatBytes(p.bytes)} of ${formatBytes(p.total)} (${p.total ? Math.floor((100 * p.bytes) / p.total) : 100}%)`);
}
function subjectTable(subjects) {
    const rows = subjects.map((s) => `| \`${s.name}\` | ${s.kind}${s.manifest ? ` (${s.manifest.files.length} files)` : ''} | \`sha256:${s.digest.sha256}\` |`);
    return ['| subject | kind | digest |', '|---|---|---|', ...rows].join('\n');
}
function outPath(outputDir, name) {
    const safe = name.replace(/\/$/, '').replace(/^(\.\.\/)+/, '').replace(/^\/+/, '');
    return (0,external_node_path_.join)(outputDir, safe);
}
async function writeOut(path, data) {
    try {
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(path), { recursive: true });
        await (0,promises_.writeFile)(path, data);
    }
    catch (err) {
        throw errors_fsError(err, path, 'output file');
    }
}
/** Sign: digest subjects, build the provenance (and decisions) statements, write bundles and plain signatures. */
async function signFlow(env, opts) {
    const { log, src } = env;
    const res = { checks: [], notes: [], outputs: {}, details: {} };
    const keyCheck = checkSigningKey(env.policy, opts.keyError !== undefined ? { error: opts.keyError, given: true } : opts.key ? { given: true, hint: opts.key.hint, algorithm: opts.key.algorithm } : { given: false }, src);
    res.checks.push(keyCheck);
    const key = keyCheck.status === 'pass' ? opts.key : undefined;
    const signers = new Map();
    let subjects;
    let subjectError;
    try {
        const common = { cwd: env.cwd, algorithms: opts.algorithms, followSymlinks: opts.followSymlinks, onProgress: progress(log) };
        subjects = [
            ...(await resolveSubjects(opts.subjects, {
                ...common,
                sinksFor: (path) => {
                    if (!key || !opts.plainSignatures)
                        return undefined;
                    const s = streamingSigner(key);
                    if (!s)
                        return undefined;
                    signers.set(path, s);
                    return [s];
                },
            })),
            ...(await resolveChecksumSubjects(opts.checksums, common)),
        ];
    }
    catch (err) {
        subjectError = message(err);
    }
    res.checks.push(checkSubjects(subjectError !== undefined ? { error: subjectError } : { subjects: subjects ?? [] }, src));
    // Decision records: read and validate every report before anything is signed.
    const reports = [];
    let decisionError;
    for (const file of opts.decisionReports) {
        try {
            const text = await readText(env, file, 'decision report');
            reports.push({ name: file, sha256: (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex'), decision: parseDecisionReport(text, file) });
        }
        catch (err) {
            decisionError = message(err);
            break;
        }
    }
    const bound = reports.map((r) => ({ action: r.decision.action, decision: r.decision.decision, mode: r.decision.mode, environment: r.decision.environment, violations: r.decision.violations.length, report: r.name }));
    res.checks.push(checkDecisions(env.policy, decisionError !== undefined ? { error: decisionError, given: true } : { decisions: bound, given: opts.decisionReports.length > 0 }, src));
    if (subjects) {
        res.outputs.digests = JSON.stringify(Object.fromEntries(subjects.map((s) => [s.name, `sha256:${s.digest.sha256}`])));
        if (subjects[0])
            res.outputs.digest = `sha256:${subjects[0].digest.sha256}`;
        res.details.subjects = subjects.map((s) => ({ name: s.name, kind: s.kind, digest: s.digest, ...(s.manifest ? { files: s.manifest.files.length } : {}) }));
        res.summary = subjectTable(subjects);
    }
    if (res.checks.some((c) => c.status === 'fail')) {
        res.notes.push('nothing was signed: a check before signing failed');
        return res;
    }
    if (!key || !subjects)
        return res;
    const signatures = [];
    try {
        const provenance = provenanceStatement(env.context, subjects);
        const bundle = signStatement(provenance, key);
        const bundlePath = (0,external_node_path_.resolve)(env.cwd, opts.bundlePath ?? (0,external_node_path_.join)(opts.outputDir, 'provenance.sigstore.json'));
        await writeOut(bundlePath, `${JSON.stringify(bundle, null, 2)}\n`);
        res.outputs.bundle = bundlePath;
        // Self-check: the bundle we wrote verifies with the public half of the key.
        const self = verifyParsedBundle(parseBundle(await (0,promises_.readFile)(bundlePath, 'utf8'), bundlePath), [{ ...key, origin: 'signing key' }]);
        if (!self.ok)
            throw new ArtifactError('bundle-invalid', `the bundle just written does not verify: ${self.message}`);
        if (reports.length > 0) {
            const dBundle = signStatement(decisionsStatement(env.context, subjects, reports), key);
            const dPath = (0,external_node_path_.resolve)(env.cwd, opts.decisionsBundlePath ?? (0,external_node_path_.join)(opts.outputDir, 'decisions.sigstore.json'));
            await writeOut(dPath, `${JSON.stringify(dBundle, null, 2)}\n`);
            res.outputs['decisions-bundle'] = dPath;
        }
        if (opts.plainSignatures) {
            const outDir = (0,external_node_path_.resolve)(env.cwd, opts.outputDir);
            for (const s of subjects) {
                if (s.kind === 'file' && s.path) {
                    let sig;
                    const streaming = signers.get(s.path);
                    if (streaming)
                        sig = finishStreamingSigner(streaming, key);
                    else if ((s.size ?? 0) <= ED25519_PLAIN_LIMIT)
                        sig = await signFileEd25519(key, s.path, s.digest.sha256);
                    else
                        res.notes.push(`${s.name}: no plain Ed25519 signature (larger than ${formatBytes(ED25519_PLAIN_LIMIT)}); verify the bundle, or sign with a P-256 key for an openssl-verifiable .sig`);
                    if (sig) {
                        const p = `${outPath(outDir, s.name)}.sig`;
                        await writeOut(p, sig);
                        signatures.push(p);
                    }
                }
                else if (s.kind === 'directory' && s.manifest) {
                    const text = manifestToChecksums(s.manifest);
                    const p = `${outPath(outDir, s.name)}.sha256`;
                    await writeOut(p, text);
                    await writeOut(`${p}.sig`, signBytes(key, Buffer.from(text, 'utf8')));
                    signatures.push(`${p}.sig`);
                }
            }
            for (const file of opts.checksums) {
                const abs = (0,external_node_path_.resolve)(env.cwd, file);
                const data = await (0,promises_.readFile)(abs).catch((err) => {
                    throw errors_fsError(err, file, 'checksums file');
                });
                const p = (0,external_node_path_.join)(outDir, `${(0,external_node_path_.basename)(file)}.sig`);
                await writeOut(p, signBytes(key, data));
                signatures.push(p);
            }
        }
        res.checks.push({
            rule: RULES.signature,
            status: 'pass',
            message: `signed ${subjects.length} subject(s) with ${key.algorithm} key ${key.hint} into ${bundlePath}`,
            seen: key.hint,
            ...src(['artifacts', 'signature']),
        });
    }
    catch (err) {
        res.checks.push({ rule: RULES.signature, status: 'fail', message: `signing failed: ${message(err)}`, required: 'a written, self-verifying bundle', ...src(['artifacts', 'signature']) });
        return res;
    }
    if (signatures.length > 0) {
        res.outputs.signatures = signatures.join('\n');
        res.outputs.signature = signatures[0];
    }
    res.outputs['key-id'] = key.hint;
    res.details.keyId = key.hint;
    res.details.bundle = res.outputs.bundle;
    return res;
}
/** Trusted keys from the inputs and the policy. */
async function trustedKeys(env, inputKeys) {
    const out = [];
    if (inputKeys) {
        if (inputKeys.includes('-----BEGIN'))
            out.push(...(await loadVerifyKeys(inputKeys, 'public-key input', env.cwd)));
        else
            for (const line of inputKeys.split(/\r?\n/).map((l) => l.trim()).filter(Boolean))
                out.push(...(await loadVerifyKeys(line, 'public-key input', env.cwd)));
    }
    for (const [i, k] of (env.policy?.['public-keys'] ?? []).entries())
        out.push(...(await loadVerifyKeys(k, `artifacts.public-keys[${i}]`, env.policyRoot ?? env.cwd)));
    return out;
}
/** Digest what is on disk now for each signed subject name (or the given subjects), errors per subject. */
async function freshSubjects(env, statement, given, followSymlinks) {
    const algorithms = [...new Set(statement.subject.flatMap((s) => Object.keys(s.digest)))].filter((a) => a === 'sha256' || a === 'sha512');
    const common = { cwd: env.cwd, algorithms, followSymlinks, onProgress: progress(env.log) };
    if (given.length > 0) {
        try {
            return { facts: await resolveSubjects(given, common), errors: new Map() };
        }
        catch (err) {
            return { facts: [], errors: new Map(), error: message(err) };
        }
    }
    const facts = [];
    const errors = new Map();
    for (const s of statement.subject) {
        const path = (0,external_node_path_.isAbsolute)(s.name) ? s.name : (0,external_node_path_.resolve)(env.cwd, s.name);
        try {
            if (s.name.endsWith('/')) {
                const m = await digestTree(path, common);
                facts.push({ name: s.name, digest: m.digest, manifest: m });
            }
            else {
                const f = await digestFile(path, common);
                facts.push({ name: s.name, digest: f.digest });
            }
        }
        catch (err) {
            errors.set(s.name, message(err));
        }
    }
    return { facts, errors };
}
/** A text file named relative to the working directory; errors name it as `what`. */
async function readText(env, path, what) {
    try {
        return await (0,promises_.readFile)((0,external_node_path_.resolve)(env.cwd, path), 'utf8');
    }
    catch (err) {
        throw errors_fsError(err, path, what);
    }
}
async function verifyBundleFile(env, path, keys) {
    try {
        const text = await readText(env, path, 'bundle');
        const parsed = parseBundle(text, path);
        const outcome = verifyParsedBundle(parsed, keys);
        if (!outcome.ok)
            return { parsed, error: outcome.message, keyHint: parsed.hint };
        return { parsed, statement: outcome.statement, keyHint: outcome.key.hint };
    }
    catch (err) {
        return { error: message(err) };
    }
}
/** Verify: signature, subject digests, predicate constraints, bound decisions, and the source check when asked. */
async function verifyFlow(env, opts) {
    const { src } = env;
    const res = { checks: [], notes: [], outputs: {}, details: {} };
    let keys = [];
    let keyError;
    try {
        keys = await trustedKeys(env, opts.publicKeys);
        if (keys.length === 0 && opts.bundle)
            keyError = 'no trusted public key: set the public-key input or artifacts.public-keys in the policy';
    }
    catch (err) {
        keyError = message(err);
    }
    const trusted = keys.map((k) => k.hint);
    let statement;
    let why;
    if (opts.bundle === undefined) {
        res.checks.push(checkSignature(env.policy, { trusted }, src));
        why = 'no bundle given';
    }
    else if (keyError !== undefined) {
        res.checks.push(checkSignature(env.policy, { bundle: opts.bundle, ok: false, error: keyError, trusted }, src));
        why = 'signature not verified';
    }
    else {
        const v = await verifyBundleFile(env, opts.bundle, keys);
        res.checks.push(checkSignature(env.policy, { bundle: opts.bundle, ok: v.statement !== undefined, trusted, ...(v.keyHint ? { keyHint: v.keyHint } : {}), ...(v.error ? { error: v.error } : {}) }, src));
        statement = v.statement;
        if (!statement)
            why = 'signature not verified, so its subjects and predicate are not trusted';
    }
    if (opts.bundle !== undefined || enforced(env.policy?.signature)) {
        if (statement) {
            const fresh = await freshSubjects(env, statement, opts.subjects, opts.followSymlinks);
            const cmp = fresh.error === undefined ? compareSubjects(statement.subject, fresh.facts, manifestsOf(statement), fresh.errors) : undefined;
            res.checks.push(checkSubjectDigests(cmp, opts.bundle, src, fresh.error));
            res.details.subjects = statement.subject;
            res.outputs.digests = JSON.stringify(Object.fromEntries(statement.subject.map((s) => [s.name, `sha256:${s.digest.sha256}`])));
        }
        else {
            res.checks.push(checkSubjectDigests(undefined, opts.bundle ?? '(none)', src, why));
        }
        res.checks.push(...checkPredicate(env.policy, statement, src, why));
    }
    // Decision records bound to the same subjects.
    if (opts.decisionsBundle !== undefined || (env.policy?.decisions?.length ?? 0) > 0) {
        res.checks.push(await verifyDecisions(env, opts.decisionsBundle, keys, keyError, statement));
    }
    if (opts.sourceTarball !== undefined || env.policy?.['source-match'] === 'required') {
        res.checks.push(await sourceCheck(env, opts));
    }
    if (env.policy?.reproducible === 'required')
        res.notes.push('artifacts.reproducible is checked by the reproduce command (a rebuild compared with this bundle)');
    return res;
}
async function verifyDecisions(env, path, keys, keyError, provenance) {
    if (path === undefined)
        return checkDecisions(env.policy, { given: false }, env.src);
    if (keyError !== undefined)
        return checkDecisions(env.policy, { error: keyError, given: true }, env.src);
    const v = await verifyBundleFile(env, path, keys);
    if (!v.statement)
        return checkDecisions(env.policy, { error: `${path}: ${v.error ?? 'not verified'}`, given: true }, env.src);
    if (v.statement.predicateType !== DECISIONS_PREDICATE)
        return checkDecisions(env.policy, { error: `${path} has predicate type ${v.statement.predicateType}, expected ${DECISIONS_PREDICATE}`, given: true }, env.src);
    if (provenance) {
        const want = JSON.stringify(provenance.subject.map((s) => [s.name, s.digest.sha256]));
        const got = JSON.stringify(v.statement.subject.map((s) => [s.name, s.digest.sha256]));
        if (want !== got)
            return checkDecisions(env.policy, { error: `${path} binds other subjects than the provenance bundle`, given: true }, env.src);
    }
    const p = v.statement.predicate;
    if (!Array.isArray(p.decisions))
        return checkDecisions(env.policy, { error: `${path} has no decisions list`, given: true }, env.src);
    return checkDecisions(env.policy, { given: true, decisions: p.decisions.map((d) => ({ action: d.action, decision: d.decision, mode: d.mode, environment: d.environment, violations: d.violations, report: d.report?.name ?? '?' })) }, env.src);
}
async function sourceCheck(env, opts) {
    const requested = opts.sourceTarball !== undefined;
    if (!opts.sourceTarball || !opts.sourceTag) {
        return checkSourceMatch(env.policy, { requested, error: 'give both source-tarball and source-tag' }, env.src);
    }
    let comparison;
    try {
        comparison = await compareSource({
            tarball: (0,external_node_path_.resolve)(env.cwd, opts.sourceTarball),
            repo: (0,external_node_path_.resolve)(env.cwd, opts.sourceRepo),
            tag: opts.sourceTag,
            ...(opts.sourcePrefix !== undefined ? { prefix: opts.sourcePrefix } : {}),
        });
        comparison.tarball = opts.sourceTarball;
    }
    catch (err) {
        return checkSourceMatch(env.policy, { requested, error: message(err) }, env.src);
    }
    return checkSourceMatch(env.policy, { requested, comparison }, env.src);
}
/** Reproduce: the baseline bundle must verify; then the rebuilt subjects must equal its subjects. */
async function reproduceFlow(env, opts) {
    const { src } = env;
    const res = { checks: [], notes: [], outputs: {}, details: {} };
    let keys = [];
    let keyError;
    try {
        keys = await trustedKeys(env, opts.publicKeys);
        if (keys.length === 0)
            keyError = 'no trusted public key: set the public-key input or artifacts.public-keys in the policy';
    }
    catch (err) {
        keyError = message(err);
    }
    const trusted = keys.map((k) => k.hint);
    if (!opts.bundle) {
        res.checks.push(checkReproducible(env.policy, { error: 'no baseline bundle given (input bundle)' }, src));
        return res;
    }
    const v = keyError !== undefined ? { error: keyError } : await verifyBundleFile(env, opts.bundle, keys);
    res.checks.push(checkSignature({ ...env.policy, signature: 'required' }, { bundle: opts.bundle, ok: v.statement !== undefined, trusted, ...('keyHint' in v && v.keyHint ? { keyHint: v.keyHint } : {}), ...(v.error ? { error: v.error } : {}) }, src));
    if (!v.statement) {
        res.checks.push(checkReproducible(env.policy, { error: `baseline ${opts.bundle} is not trusted: ${v.error ?? 'unverified'}` }, src));
        return res;
    }
    const fresh = await freshSubjects(env, v.statement, opts.subjects, opts.followSymlinks);
    let comparison;
    if (fresh.error === undefined)
        comparison = compareSubjects(v.statement.subject, fresh.facts, manifestsOf(v.statement), fresh.errors);
    res.checks.push(checkReproducible(env.policy, comparison ? { comparison, baseline: opts.bundle } : { error: fresh.error ?? 'no rebuilt subjects' }, src));
    if (comparison)
        res.details.reproducibility = comparison;
    return res;
}

;// CONCATENATED MODULE: ./shared/actions/sign-artifact.ts
/**
 * sign-artifact: sign immutable build artifacts (in-toto/SLSA provenance in a Sigstore bundle plus
 * plain signatures), verify them, and flag rebuilds whose bytes differ. Thin adapter: inputs ->
 * shared/artifacts flows -> outcome.
 */







const COMMANDS = ['run', 'verify', 'reproduce', 'source-check'];
function env(req) {
    const wd = req.platform.input('working-directory');
    // Policy paths are the workspace's; working-directory moves only subjects, outputs and inputs.
    return { context: req.context, policy: req.constraints.artifacts, src: req.ruleSource, log: req.platform.log, cwd: wd ? (0,external_node_path_.resolve)(wd) : process.cwd(), policyRoot: process.cwd() };
}
function bool(req, name, dflt) {
    const v = req.platform.input(name);
    if (v === undefined)
        return dflt;
    if (/^(true|yes|1)$/i.test(v))
        return true;
    if (/^(false|no|0)$/i.test(v))
        return false;
    throw new ArtifactError('path-invalid', `input ${name} must be true or false, got "${v}"`);
}
function outcome(r) {
    const o = { checks: r.checks, notes: r.notes, outputs: r.outputs, details: r.details };
    if (r.summary)
        o.summary = r.summary;
    return o;
}
/** Input problems that are not about a specific rule still deny, under the rule they block. */
function inputFailure(req, rule, err) {
    const msg = err instanceof ArtifactError && err.hint ? `${err.message} (fix: ${err.hint})` : err instanceof Error ? err.message : String(err);
    return { checks: [{ rule, status: 'fail', message: msg, ...req.ruleSource(['artifacts']) }] };
}
/**
 * Load the signing key from exactly one of `key` (PEM text), `key-env` (name of a variable holding
 * PEM) or `key-file`. Every secret value is masked before anything else happens.
 */
async function loadSigningKey(req) {
    const p = req.platform;
    const inline = p.input('key');
    const passphrase = p.input('key-passphrase');
    if (inline)
        p.mask(inline);
    if (passphrase)
        p.mask(passphrase);
    const envName = p.input('key-env');
    let envValue;
    if (envName) {
        envValue = p.variable(envName);
        if (envValue)
            p.mask(envValue);
    }
    const file = p.input('key-file');
    const given = [inline && 'key', envName && 'key-env', file && 'key-file'].filter(Boolean);
    if (given.length === 0)
        return {};
    try {
        if (given.length > 1)
            throw new ArtifactError('key-invalid', `give one of key, key-env, key-file (got ${given.join(', ')})`);
        const algorithm = parseAlgorithm(p.input('algorithm'));
        const opts = { ...(passphrase ? { passphrase } : {}), ...(algorithm ? { algorithm } : {}) };
        if (inline)
            return { key: signingKeyFromPem(inline, 'the key input', opts) };
        if (envName) {
            if (!envValue)
                throw new ArtifactError('key-missing', `variable ${envName} (key-env) is empty or not set`, { hint: `expose the secret to this step as ${envName}` });
            return { key: signingKeyFromPem(envValue, `variable ${envName}`, opts) };
        }
        const { resolve } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 6760, 23));
        const pem = await readKeyFile(resolve(env(req).cwd, file));
        p.mask(pem);
        return { key: signingKeyFromPem(pem, `key file ${file}`, opts) };
    }
    catch (err) {
        if (err instanceof ArtifactError)
            return { error: err.hint ? `${err.message} (fix: ${err.hint})` : err.message };
        return { error: 'the signing key could not be loaded' };
    }
}
const sign = async (req) => {
    const command = req.platform.input('command') ?? 'run';
    if (command !== 'run') {
        if (!COMMANDS.includes(command))
            return inputFailure(req, RULES.subjects, new ArtifactError('path-invalid', `unknown command "${command}"`, { hint: `use one of ${COMMANDS.join(', ')}` }));
        return handlers[command](req);
    }
    const { key, error } = await loadSigningKey(req);
    let algorithms;
    let followSymlinks;
    let plainSignatures;
    try {
        algorithms = parseAlgorithms(req.platform.input('hash-algorithms'));
        followSymlinks = bool(req, 'follow-symlinks', false);
        plainSignatures = bool(req, 'signatures', true);
    }
    catch (err) {
        return inputFailure(req, RULES.subjects, err);
    }
    const p = req.platform;
    const r = await signFlow(env(req), {
        subjects: splitList(p.input('subjects')),
        checksums: splitList(p.input('checksums')),
        algorithms,
        followSymlinks,
        ...(key ? { key } : {}),
        ...(error !== undefined ? { keyError: error } : {}),
        outputDir: p.input('output-dir') ?? 'ci-constraints-signatures',
        ...(p.input('bundle') ? { bundlePath: p.input('bundle') } : {}),
        ...(p.input('decisions-bundle') ? { decisionsBundlePath: p.input('decisions-bundle') } : {}),
        decisionReports: splitList(p.input('decision-reports')),
        plainSignatures,
    });
    return outcome(r);
};
const verify = async (req) => {
    const p = req.platform;
    let followSymlinks;
    try {
        followSymlinks = bool(req, 'follow-symlinks', false);
    }
    catch (err) {
        return inputFailure(req, RULES.signature, err);
    }
    const opt = (n) => p.input(n);
    const r = await verifyFlow(env(req), {
        ...(opt('bundle') ? { bundle: opt('bundle') } : {}),
        ...(opt('decisions-bundle') ? { decisionsBundle: opt('decisions-bundle') } : {}),
        ...(opt('public-key') ? { publicKeys: opt('public-key') } : {}),
        subjects: splitList(opt('subjects')),
        followSymlinks,
        ...(opt('source-tarball') ? { sourceTarball: opt('source-tarball') } : {}),
        ...(opt('source-tag') ? { sourceTag: opt('source-tag') } : {}),
        sourceRepo: opt('source-repo') ?? '.',
        ...(opt('source-prefix') !== undefined ? { sourcePrefix: opt('source-prefix') } : {}),
    });
    return outcome(r);
};
const reproduce = async (req) => {
    const p = req.platform;
    let followSymlinks;
    try {
        followSymlinks = bool(req, 'follow-symlinks', false);
    }
    catch (err) {
        return inputFailure(req, RULES.reproducible, err);
    }
    const r = await reproduceFlow(env(req), {
        ...(p.input('bundle') ? { bundle: p.input('bundle') } : {}),
        ...(p.input('public-key') ? { publicKeys: p.input('public-key') } : {}),
        subjects: splitList(p.input('subjects')),
        followSymlinks,
    });
    return outcome(r);
};
const sourceCheckCommand = async (req) => {
    const p = req.platform;
    const check = await sourceCheck(env(req), {
        ...(p.input('source-tarball') ? { sourceTarball: p.input('source-tarball') } : {}),
        ...(p.input('source-tag') ? { sourceTag: p.input('source-tag') } : {}),
        sourceRepo: p.input('source-repo') ?? '.',
        ...(p.input('source-prefix') !== undefined ? { sourcePrefix: p.input('source-prefix') } : {}),
    });
    return { checks: [check] };
};
const handlers = { verify, reproduce, 'source-check': sourceCheckCommand };
const signArtifact = {
    name: 'sign-artifact',
    description: 'Sign build artifacts (in-toto SLSA provenance in a Sigstore bundle, plain signatures), verify them, and flag rebuilds whose bytes differ.',
    inputs: [
        { name: 'command', description: 'What to do: run (sign), verify, reproduce (compare a rebuild with a signed bundle) or source-check (release tarball vs git archive of its tag).', default: 'run' },
        { name: 'subjects', description: 'Artifacts, one per line: files, globs (dist/*.tgz) or directories (tree digest + manifest). For verify/reproduce: defaults to the subjects named in the bundle.' },
        { name: 'checksums', description: 'sha256sum-format checksums files whose lines become subjects (files present beside them are re-hashed and must match).' },
        { name: 'key', description: 'Signing key as PEM text (ECDSA P-256 or Ed25519); masked. Prefer key-env or key-file.' },
        { name: 'key-env', description: 'Name of an environment variable holding the PEM signing key; its value is masked.' },
        { name: 'key-file', description: 'Path of a PEM signing key file.' },
        { name: 'key-passphrase', description: 'Passphrase of an encrypted PKCS#8 key; masked.' },
        { name: 'algorithm', description: 'Expected key algorithm: auto, ecdsa-p256 or ed25519.', default: 'auto' },
        { name: 'hash-algorithms', description: 'Subject digests: sha256 (always) and optionally sha512, comma-separated.', default: 'sha256' },
        { name: 'public-key', description: 'Trusted public key(s) for verify/reproduce: PEM text, or paths of PEM files one per line; added to artifacts.public-keys.' },
        { name: 'bundle', description: 'Sign: where to write the provenance bundle (default <output-dir>/provenance.sigstore.json). Verify/reproduce: the bundle to check.' },
        { name: 'decisions-bundle', description: 'Sign: where to write the decisions bundle (default <output-dir>/decisions.sigstore.json). Verify: the decisions bundle to check.' },
        { name: 'decision-reports', description: 'JSON reports of other ci-constraints actions in this job, one path per line, bound to the artifacts as a second signed statement.' },
        { name: 'output-dir', description: 'Directory for bundles, .sig files and directory manifests.', default: 'ci-constraints-signatures' },
        { name: 'signatures', description: 'Also write plain signatures (FILE.sig) verifiable with openssl.', default: 'true' },
        { name: 'follow-symlinks', description: 'Follow symbolic links inside directory subjects (loops are an error) instead of recording them as links.', default: 'false' },
        { name: 'working-directory', description: 'Base for relative paths and subject names (default: the current directory).' },
        { name: 'source-tarball', description: 'Release tarball (.tar, .tar.gz, .tar.xz, .tar.bz2, .tar.zst) to compare with git archive of source-tag.' },
        { name: 'source-tag', description: 'Tag whose git archive the tarball must match.' },
        { name: 'source-repo', description: 'Git repository holding source-tag.', default: '.' },
        { name: 'source-prefix', description: 'Leading directory of the tarball members to strip (default: detected when all members share one).' },
    ],
    commands: { run: sign, verify, reproduce, 'source-check': sourceCheckCommand },
};
/* harmony default export */ const sign_artifact = (signArtifact);


/***/ })

};
