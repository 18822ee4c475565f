export const id = 559;
export const ids = [559,688,2];
export const modules = {

/***/ 6559:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createIpGuard: () => (/* binding */ createIpGuard),
  "default": () => (/* binding */ ip_guard)
});

// EXTERNAL MODULE: external "node:dns/promises"
var promises_ = __webpack_require__(1553);
// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(2635);
// EXTERNAL MODULE: ./shared/policy/sections/common.ts + 1 modules
var common = __webpack_require__(2726);
// EXTERNAL MODULE: ./shared/platform/api.ts
var api = __webpack_require__(2688);
;// CONCATENATED MODULE: ./shared/checks/network.ts
function at(src, path) {
    const s = src(path);
    return s.location ? { policyPath: s.policyPath, location: s.location } : { policyPath: s.policyPath };
}
/** `network.github-meta`: GitHub's published ranges were fetched (only when the policy names them). */
function githubMetaCheck(keys, problem, count, src) {
    if (keys.length === 0)
        return [];
    const required = keys.map((k) => `github-meta:${k}`);
    if (problem !== undefined) {
        return [{ rule: 'network.github-meta', status: 'fail', message: `could not read GitHub's published ranges (${required.join(', ')}): ${problem}`, seen: problem, required, ...at(src, ['network', 'allow']) }];
    }
    return [{ rule: 'network.github-meta', status: 'pass', message: `read ${count} published range(s) for ${required.join(', ')}`, seen: count, required, ...at(src, ['network', 'allow']) }];
}
/** `network.egress-lookup` (each endpoint answered one public IP) and `network.egress-ip-disagree` (they all agree). */
function egressLookupChecks(answers, src) {
    const where = at(src, ['network', 'echo-endpoints']);
    const checks = answers.map((a) => a.ok
        ? { rule: 'network.egress-lookup', status: 'pass', message: `echo endpoint ${a.endpoint} sees the runner as ${a.address}`, seen: a.address, required: 'one public IP address', ...where }
        : { rule: 'network.egress-lookup', status: 'fail', message: `echo endpoint ${a.endpoint} ${a.problem}`, seen: a.address ?? a.problem, required: 'one public IP address as plain text', ...where });
    const good = answers.filter((a) => a.ok);
    const distinct = [...new Set(good.map((a) => a.address))];
    if (good.length < 2) {
        checks.push({
            rule: 'network.egress-ip-disagree',
            status: 'fail',
            message: `only ${good.length} of ${answers.length} echo endpoint(s) gave a usable answer; at least two must agree on the egress address`,
            seen: good.map((a) => `${a.endpoint}=${a.address}`),
            required: 'at least 2 agreeing answers',
            ...where,
        });
        return { checks };
    }
    if (distinct.length > 1) {
        checks.push({
            rule: 'network.egress-ip-disagree',
            status: 'fail',
            message: `echo endpoints disagree on the egress address (${good.map((a) => `${a.endpoint} → ${a.address}`).join(', ')}): traffic may leave through different paths, or an answer is forged`,
            seen: good.map((a) => `${a.endpoint}=${a.address}`),
            required: 'one address from every endpoint',
            ...where,
        });
        return { checks };
    }
    checks.push({ rule: 'network.egress-ip-disagree', status: 'pass', message: `${good.length} echo endpoints agree: egress address ${distinct[0]}`, seen: distinct[0], required: 'one address from every endpoint', ...where });
    return { checks, address: distinct[0] };
}
/** `network.allow`: every address the `check` mode names lies inside an approved range. */
function locationChecks(facts, allow, src) {
    const where = at(src, ['network', 'allow']);
    const required = summarizeRanges(allow);
    const out = [];
    const judge = (label, address) => {
        const hit = allow.match(address);
        out.push(hit
            ? { rule: 'network.allow', status: 'pass', message: `${label} ${address} is inside ${hit.text} (${hit.source})`, seen: address, required: hit.text, ...where }
            : { rule: 'network.allow', status: 'fail', message: `${label} ${address} is outside every approved range (${required})`, seen: address, required, ...where });
    };
    if (facts.check === 'egress' || facts.check === 'both') {
        if (facts.egressAddress === undefined) {
            out.push({ rule: 'network.allow', status: 'fail', message: 'the egress address is unknown (see network.egress-lookup), so the runner location cannot be verified', seen: 'unknown', required, ...where });
        }
        else
            judge('egress address', facts.egressAddress);
    }
    if (facts.check === 'local' || facts.check === 'both') {
        const local = facts.local ?? [];
        if (local.length === 0) {
            out.push({ rule: 'network.allow', status: 'fail', message: 'the runner has no interface address besides loopback and link-local, so its location cannot be verified', seen: [], required, ...where });
        }
        for (const a of local)
            judge(`interface ${a.interface} address`, a.address);
    }
    return out;
}
function summarizeRanges(allow) {
    return allow.describe(5);
}
/** `network.egress-hosts`: hosts the job declares it will use are allowed by the policy. */
function declaredHostChecks(declared, src) {
    const where = at(src, ['network', 'egress']);
    return declared.map((d) => d.entry !== undefined
        ? { rule: 'network.egress-hosts', status: 'pass', message: `${d.host}:${d.port} is allowed by egress entry ${d.entry}`, seen: `${d.host}:${d.port}`, required: d.entry, ...where }
        : { rule: 'network.egress-hosts', status: 'fail', message: `${d.host}:${d.port} (input egress-hosts) is not allowed by network.egress`, seen: `${d.host}:${d.port}`, required: 'an exact host:port or *. entry in network.egress', ...where });
}
/** `network.egress-resolve`: every host to allow resolved to at least one address. */
function resolutionChecks(resolutions, src) {
    return resolutions.map((r) => {
        const where = at(src, r.entryIndex === undefined ? ['network', 'egress'] : ['network', 'egress', r.entryIndex]);
        return r.addresses.length > 0
            ? { rule: 'network.egress-resolve', status: 'pass', message: `${r.host} resolves to ${r.addresses.join(', ')}`, seen: r.addresses, required: 'at least one A or AAAA record', ...where }
            : { rule: 'network.egress-resolve', status: 'fail', message: `${r.host} ${r.problem ?? 'did not resolve'}; it cannot be allowed by address (check the name and the resolvers)`, seen: r.problem ?? 'no addresses', required: 'at least one A or AAAA record', ...where };
    });
}
/** `network.egress-enforcement`: the allowlist is enforced, or the policy accepts best effort (NOT ENFORCED). */
function enforcementCheck(f, src) {
    const where = at(src, ['network', f.enforcement === 'best-effort' ? 'egress-enforcement' : 'egress']);
    const required = f.enforcement === 'strict' ? 'egress rules installed (egress-enforcement: strict)' : 'egress rules installed, or best effort';
    const out = [];
    if (f.installed) {
        const what = f.mode === 'block' ? 'blocking' : 'auditing (logging, not blocking)';
        out.push({ rule: 'network.egress-enforcement', status: 'pass', message: `egress allowlist installed with ${f.installed.tool}, ${what} everything but ${f.installed.destinations} allowed destination rule(s)`, seen: `${f.installed.tool}/${f.mode}`, required, ...where });
    }
    else if (f.enforcement === 'best-effort') {
        out.push({ rule: 'network.egress-enforcement', status: 'skip', message: `NOT ENFORCED: egress rules are not installed (${f.problem ?? 'unknown reason'}); the policy accepts best-effort`, seen: f.problem ?? 'not installed', required, ...where });
    }
    else {
        out.push({ rule: 'network.egress-enforcement', status: 'fail', message: `NOT ENFORCED: egress rules cannot be installed (${f.problem ?? 'unknown reason'})`, seen: f.problem ?? 'not installed', required, ...where });
    }
    if (f.unenforceableWildcards && f.unenforceableWildcards.length > 0) {
        out.push({
            rule: 'network.egress-wildcards',
            status: 'skip',
            message: `wildcard entries ${f.unenforceableWildcards.join(', ')} cannot be resolved to addresses, so the firewall blocks them; name the concrete hosts in the egress-hosts input to allow them`,
            seen: [...f.unenforceableWildcards],
            required: 'concrete host:port pairs',
            ...at(src, ['network', 'egress']),
        });
    }
    return out;
}
/** `network.egress-attempts` (nothing tried to leave the allowlist) and `network.egress-teardown`. */
function egressReportChecks(f, src) {
    const where = at(src, ['network', 'egress']);
    const out = [];
    const verb = f.mode === 'block' ? 'blocked' : 'logged (audit: let through)';
    if (!f.present) {
        out.push({ rule: 'network.egress-attempts', status: 'fail', message: `the ${f.tool} egress rules are gone: something removed them during the job, so nothing can be vouched for`, seen: 'rules missing', required: 'rules present until the report', ...where });
    }
    else if (f.packets === 0 && f.attempts.length === 0) {
        out.push({ rule: 'network.egress-attempts', status: 'pass', message: `no connection attempt outside the egress allowlist`, seen: 0, required: 0, ...where });
    }
    else {
        const list = f.attempts.map(describeAttempt);
        out.push({
            rule: 'network.egress-attempts',
            status: 'fail',
            message: `${f.packets} packet(s) to destinations outside the egress allowlist were ${verb}${list.length ? `: ${list.join(', ')}` : ''}`,
            seen: list.length ? list : f.packets,
            required: 'no traffic outside network.egress',
            ...where,
        });
    }
    if (f.teardown) {
        out.push(f.teardown.done && f.teardown.problems.length === 0
            ? { rule: 'network.egress-teardown', status: 'pass', message: `removed the ${f.tool} egress rules (nothing else was touched)`, seen: 'removed', required: 'removed', ...where }
            : { rule: 'network.egress-teardown', status: 'fail', message: `could not remove the egress rules: ${f.teardown.problems.join('; ')}`, seen: f.teardown.problems, required: 'removed', ...where });
    }
    return out;
}
function describeAttempt(a) {
    const addr = a.address.includes(':') && a.port !== undefined ? `[${a.address}]` : a.address;
    return `${addr}${a.port !== undefined ? `:${a.port}` : ''}${a.host ? ` (${a.host})` : ''} ×${a.packets}`;
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(4649);
;// CONCATENATED MODULE: ./shared/network/ip.ts

/** An entry the user wrote that is not an address, range or host. Exit 2, naming the entry. */
class ip_NetworkEntryError extends errors/* ConfigError */.xL {
    entry;
    constructor(entry, problem, hint) {
        super('policy-invalid', `${JSON.stringify(entry)} ${problem}`, hint === undefined ? {} : { hint });
        this.entry = entry;
    }
}
/** Parse dotted-quad IPv4 into an unsigned 32-bit number, or undefined. */
function parseIPv4Number(s, start = 0, end = s.length) {
    let value = 0;
    let octet = 0;
    let digits = 0;
    let dots = 0;
    for (let i = start; i < end; i++) {
        const c = s.charCodeAt(i);
        if (c >= 48 && c <= 57) {
            if (digits === 1 && octet === 0)
                return undefined; // leading zero
            octet = octet * 10 + (c - 48);
            if (++digits > 3 || octet > 255)
                return undefined;
        }
        else if (c === 46) {
            if (digits === 0 || ++dots > 3)
                return undefined;
            value = value * 256 + octet;
            octet = 0;
            digits = 0;
        }
        else
            return undefined;
    }
    if (digits === 0 || dots !== 3)
        return undefined;
    return (value * 256 + octet) >>> 0;
}
const GROUPS = new Uint16Array(8);
function hexDigit(c) {
    return c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
}
/** Parse IPv6 text (RFC 4291 forms, optional trailing dotted IPv4, no zone id) into words. */
function parseIPv6Words(s, start = 0, end = s.length) {
    if (end - start < 2 || end - start > 45)
        return undefined;
    const g = GROUPS;
    let n = 0;
    let gap = -1;
    let i = start;
    if (s.charCodeAt(i) === 58) {
        if (s.charCodeAt(i + 1) !== 58)
            return undefined;
        gap = 0;
        i += 2;
    }
    while (i < end) {
        const groupStart = i;
        let value = 0;
        let digits = 0;
        while (i < end) {
            const d = hexDigit(s.charCodeAt(i));
            if (d < 0)
                break;
            value = value * 16 + d;
            if (++digits > 4)
                return undefined;
            i++;
        }
        if (i < end && s.charCodeAt(i) === 46) {
            // A trailing dotted IPv4 takes the last two groups.
            if (n > 6)
                return undefined;
            const v4 = parseIPv4Number(s, groupStart, end);
            if (v4 === undefined)
                return undefined;
            g[n++] = v4 >>> 16;
            g[n++] = v4 & 0xffff;
            i = end;
            break;
        }
        if (digits === 0 || n >= 8)
            return undefined;
        g[n++] = value;
        if (i === end)
            break;
        if (s.charCodeAt(i) !== 58)
            return undefined;
        i++;
        if (i < end && s.charCodeAt(i) === 58) {
            if (gap >= 0)
                return undefined;
            gap = n;
            i++;
        }
        else if (i === end)
            return undefined; // a trailing single ':'
    }
    if (gap < 0 ? n !== 8 : n > 7)
        return undefined;
    const full = [0, 0, 0, 0, 0, 0, 0, 0];
    if (gap < 0)
        for (let k = 0; k < 8; k++)
            full[k] = g[k];
    else {
        for (let k = 0; k < gap; k++)
            full[k] = g[k];
        const tail = n - gap;
        for (let k = 0; k < tail; k++)
            full[8 - tail + k] = g[gap + k];
    }
    return [
        ((full[0] << 16) | full[1]) >>> 0,
        ((full[2] << 16) | full[3]) >>> 0,
        ((full[4] << 16) | full[5]) >>> 0,
        ((full[6] << 16) | full[7]) >>> 0,
    ];
}
/** An address, or undefined when the text is not exactly one IPv4 or IPv6 address. */
function parseIp(text) {
    if (text.includes(':')) {
        const words = parseIPv6Words(text);
        return words ? { family: 'ipv6', words } : undefined;
    }
    const v4 = parseIPv4Number(text);
    return v4 === undefined ? undefined : { family: 'ipv4', words: [v4, 0, 0, 0] };
}
/** `::ffff:a.b.c.d` is the IPv4 address a.b.c.d for every check we make. */
function unmapIPv4(addr) {
    if (addr.family === 'ipv6' && addr.words[0] === 0 && addr.words[1] === 0 && addr.words[2] === 0xffff) {
        return { family: 'ipv4', words: [addr.words[3], 0, 0, 0] };
    }
    return addr;
}
function formatIp(addr) {
    if (addr.family === 'ipv4') {
        const v = addr.words[0];
        return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
    }
    const g = [];
    for (const w of addr.words)
        g.push(w >>> 16, w & 0xffff);
    // RFC 5952: compress the longest run (≥ 2) of zero groups, the first one on a tie.
    let bestStart = -1;
    let bestLen = 1;
    for (let i = 0; i < 8;) {
        if (g[i] !== 0) {
            i++;
            continue;
        }
        let j = i;
        while (j < 8 && g[j] === 0)
            j++;
        if (j - i > bestLen) {
            bestStart = i;
            bestLen = j - i;
        }
        i = j;
    }
    const hex = g.map((x) => x.toString(16));
    if (bestStart < 0)
        return hex.join(':');
    return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
function maskWords(words, prefix) {
    const out = [0, 0, 0, 0];
    for (let i = 0; i < 4; i++) {
        const bits = Math.max(0, Math.min(32, prefix - i * 32));
        out[i] = bits === 0 ? 0 : bits === 32 ? words[i] >>> 0 : (words[i] & (0xffffffff << (32 - bits))) >>> 0;
    }
    return out;
}
function sameWords(a, b) {
    return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}
/** Does the range contain the address? Families must match (map IPv4-in-IPv6 first). */
function rangeContains(range, addr) {
    if (range.family !== addr.family)
        return false;
    const p = range.prefix;
    const w = addr.words;
    const r = range.words;
    for (let i = 0; i < 4; i++) {
        const bits = p - i * 32;
        if (bits <= 0)
            return true;
        if (bits >= 32) {
            if (w[i] !== r[i])
                return false;
        }
        else {
            return ((w[i] ^ r[i]) & (0xffffffff << (32 - bits))) === 0;
        }
    }
    return true;
}
/**
 * `10.0.0.0/8`, `2001:db8::/32`, or a bare address (a /32 or /128). Throws NetworkEntryError (a
 * ConfigError) naming the entry and what is wrong with it, and nothing else.
 */
function ip_parseCidr(entry, options = {}) {
    if (typeof entry !== 'string')
        throw new ip_NetworkEntryError(String(entry), 'is not text; write a CIDR such as 10.0.0.0/8');
    const slash = entry.indexOf('/');
    const addrText = slash < 0 ? entry : entry.slice(0, slash);
    if (addrText.includes('%'))
        throw new ip_NetworkEntryError(entry, 'has a zone id (%…); zone ids are not allowed in ranges');
    const addr = parseIp(addrText);
    if (!addr) {
        throw new ip_NetworkEntryError(entry, 'is not a valid IPv4 or IPv6 address or CIDR range', 'write it like 203.0.113.0/24 or 2001:db8::/48, or name a list defined under network.lists');
    }
    const max = addr.family === 'ipv4' ? 32 : 128;
    let prefix = max;
    if (slash >= 0) {
        const p = entry.slice(slash + 1);
        if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > max) {
            throw new ip_NetworkEntryError(entry, `has an invalid prefix length "${p}"; use a whole number from 0 to ${max}`);
        }
        prefix = Number(p);
    }
    const masked = maskWords(addr.words, prefix);
    if (!sameWords(masked, addr.words) && !options.lenient) {
        const suggestion = `${formatIp({ family: addr.family, words: masked })}/${prefix}`;
        throw new ip_NetworkEntryError(entry, `has host bits set below the /${prefix} prefix`, `did you mean ${suggestion}?`);
    }
    const words = masked;
    const text = `${formatIp({ family: addr.family, words })}/${prefix}`;
    return { family: addr.family, words, prefix, text };
}
function formatCidr(range) {
    return `${formatIp(range)}/${range.prefix}`;
}
const PRIVATE_RANGES = [
    '0.0.0.0/8',
    '10.0.0.0/8',
    '100.64.0.0/10',
    '127.0.0.0/8',
    '169.254.0.0/16',
    '172.16.0.0/12',
    '192.168.0.0/16',
    '::/128',
    '::1/128',
    'fc00::/7',
    'fe80::/10',
].map((r) => ip_parseCidr(r));
/** RFC 1918, CGNAT, loopback, link-local, unspecified, IPv6 ULA: never a public egress address. */
function isPrivateAddress(addr) {
    const a = unmapIPv4(addr);
    return PRIVATE_RANGES.some((r) => rangeContains(r, a));
}
const INTERNAL_RANGES = ['127.0.0.0/8', '169.254.0.0/16', '::1/128', 'fe80::/10'].map((r) => ip_parseCidr(r));
/** Loopback and link-local addresses say nothing about where a runner is. */
function isLoopbackOrLinkLocal(addr) {
    const a = unmapIPv4(addr);
    return INTERNAL_RANGES.some((r) => rangeContains(r, a));
}

;// CONCATENATED MODULE: ./shared/network/allowlist.ts


/** The GitHub meta API keys (`GET /meta`) whose values are CIDR lists. */
const GITHUB_META_KEYS = ['actions', 'hooks', 'web', 'api', 'git', 'packages', 'pages', 'importer', 'dependabot', 'copilot', 'actions_macos'];
const LIST_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const META_PREFIX = 'github-meta:';
function metaKey(entry, label) {
    const key = entry.slice(META_PREFIX.length);
    if (!GITHUB_META_KEYS.includes(key)) {
        throw new ip_NetworkEntryError(entry, `(${label}) names an unknown GitHub meta list "${key}"`, `use one of: ${GITHUB_META_KEYS.map((k) => META_PREFIX + k).join(', ')}`);
    }
    return key;
}
/**
 * Expand `network.allow` against `network.lists`: each entry is a CIDR/address, a list name, or
 * `github-meta:<key>`. Lists hold CIDRs and `github-meta:` entries (not other lists). Any bad entry
 * throws a NetworkEntryError (ConfigError, exit 2) naming the entry and where it is.
 */
function expandAllow(allow, lists, label) {
    const ranges = [];
    const meta = new Set();
    for (const [name, list] of Object.entries(lists)) {
        if (!LIST_NAME.test(name))
            throw new ip_NetworkEntryError(name, `(${label(-1, name)}) is not a valid list name; use letters, digits, "-" and "_", starting with a letter`);
        if (!Array.isArray(list))
            throw new ip_NetworkEntryError(name, `(${label(-1, name)}) must be a list of CIDR ranges`);
    }
    allow.forEach((entry, i) => {
        const where = label(i);
        if (entry.startsWith(META_PREFIX)) {
            meta.add(metaKey(entry, where));
            return;
        }
        if (LIST_NAME.test(entry)) {
            const list = lists[entry];
            if (list === undefined || !Object.prototype.hasOwnProperty.call(lists, entry)) {
                const known = Object.keys(lists);
                throw new ip_NetworkEntryError(entry, `(${where}) is neither a CIDR range nor a list defined under network.lists`, known.length ? `define it under network.lists or use one of: ${known.join(', ')}` : 'define it under network.lists, or write a CIDR such as 203.0.113.0/24');
            }
            list.forEach((item, j) => {
                const itemWhere = label(i, entry, j);
                if (typeof item === 'string' && item.startsWith(META_PREFIX)) {
                    meta.add(metaKey(item, itemWhere));
                    return;
                }
                if (typeof item === 'string' && LIST_NAME.test(item)) {
                    throw new ip_NetworkEntryError(item, `(${itemWhere}) names another list; lists hold CIDR ranges and github-meta: entries only`);
                }
                ranges.push({ ...withWhere(() => ip_parseCidr(item), itemWhere), source: `list ${entry}` });
            });
            return;
        }
        ranges.push({ ...withWhere(() => ip_parseCidr(entry), where), source: 'policy' });
    });
    return { ranges, githubMeta: [...meta] };
}
function withWhere(fn, where) {
    try {
        return fn();
    }
    catch (err) {
        if (err instanceof ip_NetworkEntryError) {
            throw new ip_NetworkEntryError(err.entry, `(${where}) ${err.message.slice(JSON.stringify(err.entry).length + 1)}`, err.hint);
        }
        throw err;
    }
}
/**
 * A set of ranges to test addresses against, packed into typed arrays (network and mask words),
 * so 10,000 ranges parse and scan in a few milliseconds. `match` finds the first containing range
 * with the integer scan, then confirms it with `node:net` BlockList on that one range: the scan is
 * the index, BlockList is the judge. A scan miss is a deny (fail closed), never an allow.
 * Published lists are parsed leniently about host bits (they are not the user's to fix).
 */
class AllowList {
    v4; // [net, mask] pairs
    v4ref;
    v6; // [net0..3, mask0..3] octets of words
    v6ref;
    refs = [];
    n4 = 0;
    n6 = 0;
    constructor(ranges = [], published = []) {
        let total = ranges.length;
        for (const p of published)
            total += p.entries.length;
        this.v4 = new Uint32Array(total * 2);
        this.v4ref = new Int32Array(total);
        this.v6 = new Uint32Array(total * 8);
        this.v6ref = new Int32Array(total);
        for (const r of ranges)
            this.add(r.family, r.words[0], r.words[1], r.words[2], r.words[3], r.prefix, r);
        for (const p of published) {
            for (const entry of p.entries) {
                if (typeof entry !== 'string')
                    throw new ip_NetworkEntryError(String(entry), `(${p.source}) is not a CIDR string`);
                const slash = entry.indexOf('/');
                const end = slash < 0 ? entry.length : slash;
                const prefixText = slash < 0 ? '' : entry.slice(slash + 1);
                if (!entry.includes(':')) {
                    const v = parseIPv4Number(entry, 0, end);
                    const prefix = slash < 0 ? 32 : prefixNumber(prefixText, 32);
                    if (v === undefined || prefix < 0)
                        throw new ip_NetworkEntryError(entry, `(${p.source}) is not a valid CIDR range`);
                    this.add('ipv4', v, 0, 0, 0, prefix, { entry, source: p.source });
                }
                else {
                    const w = parseIPv6Words(entry, 0, end);
                    const prefix = slash < 0 ? 128 : prefixNumber(prefixText, 128);
                    if (w === undefined || prefix < 0)
                        throw new ip_NetworkEntryError(entry, `(${p.source}) is not a valid CIDR range`);
                    this.add('ipv6', w[0], w[1], w[2], w[3], prefix, { entry, source: p.source });
                }
            }
        }
    }
    add(family, w0, w1, w2, w3, prefix, ref) {
        const id = this.refs.push(ref) - 1;
        if (family === 'ipv4') {
            const mask = maskWord(prefix);
            this.v4[this.n4 * 2] = (w0 & mask) >>> 0;
            this.v4[this.n4 * 2 + 1] = mask;
            this.v4ref[this.n4++] = id;
            return;
        }
        const o = this.n6 * 8;
        const v6 = this.v6;
        v6[o + 4] = maskWord(prefix);
        v6[o + 5] = maskWord(prefix - 32);
        v6[o + 6] = maskWord(prefix - 64);
        v6[o + 7] = maskWord(prefix - 96);
        v6[o] = (w0 & v6[o + 4]) >>> 0;
        v6[o + 1] = (w1 & v6[o + 5]) >>> 0;
        v6[o + 2] = (w2 & v6[o + 6]) >>> 0;
        v6[o + 3] = (w3 & v6[o + 7]) >>> 0;
        this.v6ref[this.n6++] = id;
    }
    get size() {
        return this.refs.length;
    }
    /** The first few ranges as text, for messages. */
    describe(limit = 5) {
        const texts = this.refs.slice(0, limit).map((r) => ('text' in r ? r.text : r.entry));
        const more = this.refs.length - texts.length;
        return this.refs.length === 0 ? 'no ranges' : `${texts.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
    }
    match(address) {
        const parsed = typeof address === 'string' ? parseIp(address) : address;
        if (!parsed)
            return undefined;
        const addr = unmapIPv4(parsed);
        const w = addr.words;
        if (addr.family === 'ipv4') {
            const a = w[0];
            const v4 = this.v4;
            for (let i = 0; i < this.n4; i++) {
                if (((a & v4[i * 2 + 1]) >>> 0) === v4[i * 2]) {
                    const range = this.rangeOf(this.v4ref[i]);
                    if (confirmWithBlockList(range, addr))
                        return range;
                }
            }
            return undefined;
        }
        const v6 = this.v6;
        for (let i = 0; i < this.n6; i++) {
            const o = i * 8;
            if (((w[0] & v6[o + 4]) >>> 0) === v6[o] &&
                ((w[1] & v6[o + 5]) >>> 0) === v6[o + 1] &&
                ((w[2] & v6[o + 6]) >>> 0) === v6[o + 2] &&
                ((w[3] & v6[o + 7]) >>> 0) === v6[o + 3]) {
                const range = this.rangeOf(this.v6ref[i]);
                if (confirmWithBlockList(range, addr))
                    return range;
            }
        }
        return undefined;
    }
    rangeOf(id) {
        const ref = this.refs[id];
        if ('text' in ref)
            return ref;
        const range = { ...ip_parseCidr(ref.entry, { lenient: true }), source: ref.source };
        this.refs[id] = range;
        return range;
    }
}
function maskWord(bits) {
    return bits <= 0 ? 0 : bits >= 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
}
function prefixNumber(text, max) {
    const len = text.length;
    if (len === 0 || len > 3 || (len > 1 && text.charCodeAt(0) === 48))
        return -1;
    let n = 0;
    for (let i = 0; i < len; i++) {
        const c = text.charCodeAt(i) - 48;
        if (c < 0 || c > 9)
            return -1;
        n = n * 10 + c;
    }
    return n <= max ? n : -1;
}
function confirmWithBlockList(range, addr) {
    const list = new external_node_net_.BlockList();
    list.addSubnet(formatIp(range), range.prefix, range.family);
    return list.check(formatIp(addr), addr.family);
}
/** Parse a published list (GitHub meta): lenient about host bits, strict about everything else. */
function publishedRanges(entries, source) {
    const out = [];
    for (const e of entries) {
        if (typeof e !== 'string')
            throw new NetworkEntryError(String(e), `(${source}) is not a CIDR string`);
        out.push({ ...parseCidr(e, { lenient: true }), source });
    }
    return out;
}

;// CONCATENATED MODULE: ./shared/network/dns.ts


const NO_DATA = new Set(['ENODATA', 'ENOTFOUND', 'NOTFOUND', 'ENONAME']);
/** Resolve A and AAAA for every host. Never throws: a host with neither gets a `problem`. */
async function resolveHosts(hosts, options = {}) {
    const resolver = new promises_.Resolver({ timeout: options.timeoutMs ?? 3000, tries: 2 });
    if (options.servers && options.servers.length > 0)
        resolver.setServers([...options.servers]);
    return Promise.all([...new Set(hosts)].map(async (host) => {
        const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
        const addresses = [];
        const problems = [];
        for (const r of [v4, v6]) {
            if (r.status === 'fulfilled')
                addresses.push(...r.value.map((a) => formatIp(parseIp(a))));
            else {
                const code = r.reason.code ?? 'error';
                if (!NO_DATA.has(code))
                    problems.push(code);
            }
        }
        const unique = [...new Set(addresses)];
        if (unique.length > 0)
            return { host, addresses: unique };
        return { host, addresses: [], problem: problems.length ? `DNS lookup failed (${[...new Set(problems)].join(', ')})` : 'has no A or AAAA records' };
    }));
}
/** Split `ip`, `ip:port`, `[ip6]:port` into the address the firewall must allow DNS to. */
function resolverAddress(server) {
    let host = server;
    let port = 53;
    const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
    if (bracket) {
        host = bracket[1];
        if (bracket[2])
            port = Number(bracket[2]);
    }
    else if (server.split(':').length === 2) {
        [host, port] = [server.split(':')[0], Number(server.split(':')[1])];
    }
    const ip = parseIp(host);
    if (!ip || !Number.isInteger(port) || port < 1 || port > 65535)
        return undefined;
    return { address: formatIp(ip), port };
}

// EXTERNAL MODULE: ./shared/platform/http.ts
var http = __webpack_require__(2);
;// CONCATENATED MODULE: ./shared/network/echo.ts



/**
 * Public egress address, asked of several echo endpoints ("what address do you see me from?").
 * The defaults are three independent operators that answer with the bare address as text and are
 * IPv4-only, so answers from a dual-stack runner are comparable.
 */
const DEFAULT_ECHO_ENDPOINTS = ['https://checkip.amazonaws.com', 'https://api.ipify.org', 'https://ipv4.icanhazip.com'];
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);
/**
 * Echo endpoints must be HTTPS: over plain HTTP anyone on the path can answer for them. Plain
 * HTTP is accepted only for a loopback host (a local test server or a sidecar). Throws ConfigError.
 */
function parseEchoEndpoint(text) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new errors/* ConfigError */.xL('input-invalid', `echo endpoint ${JSON.stringify(text)} is not a URL`, { hint: 'write it like https://checkip.amazonaws.com' });
    }
    if (url.username || url.password)
        throw new errors/* ConfigError */.xL('input-invalid', `echo endpoint ${(0,http/* redactUrl */.B)(text)} carries credentials in the URL; echo endpoints take none`);
    const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
    if (url.protocol === 'https:')
        return url.toString();
    if (url.protocol === 'http:' && loopback)
        return url.toString();
    throw new errors/* ConfigError */.xL('input-invalid', `echo endpoint ${(0,http/* redactUrl */.B)(text)} is not HTTPS`, {
        hint: 'echo endpoints must use https:// (plain http:// is accepted only for a loopback host such as 127.0.0.1)',
    });
}
/** Judge an echo endpoint's body: exactly one public IP address as text, nothing else. */
function parseEchoBody(body, contentType = '') {
    const text = body.trim();
    if (/html/i.test(contentType) || text.startsWith('<'))
        return { ok: false, problem: 'answered HTML, not an IP address (a captive portal or proxy page?)' };
    if (text.length === 0)
        return { ok: false, problem: 'answered an empty body, not an IP address' };
    if (text.length > 45 || /\s/.test(text))
        return { ok: false, problem: `answered text that is not one IP address: ${snippet(text)}` };
    const parsed = parseIp(text);
    if (!parsed)
        return { ok: false, problem: `answered text that is not an IP address: ${snippet(text)}` };
    const address = formatIp(unmapIPv4(parsed));
    if (isPrivateAddress(parsed)) {
        return { ok: false, address, problem: `answered the private address ${address}; an echo endpoint must see the runner's public address (is the endpoint inside your network, or the runner behind a proxy?)` };
    }
    return { ok: true, address };
}
function snippet(text) {
    const cut = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    return JSON.stringify(cut);
}
/** Ask every endpoint at once; never throws — each answer says what it saw or what went wrong. */
async function lookupEgress(endpoints, options = {}) {
    return Promise.all(endpoints.map(async (url) => {
        const endpoint = (0,http/* redactUrl */.B)(url);
        try {
            const res = await (0,http.httpRequest)(url, {
                timeoutMs: options.timeoutMs ?? 5000,
                attempts: options.attempts ?? 2,
                maxBytes: 4096,
                label: `echo endpoint ${endpoint}`,
                headers: { accept: 'text/plain', 'user-agent': 'ci-constraints' },
            });
            if (res.status < 200 || res.status >= 300)
                return { endpoint, ok: false, problem: `answered HTTP ${res.status}` };
            return { endpoint, ...parseEchoBody(res.text, res.headers.get('content-type') ?? '') };
        }
        catch (err) {
            return { endpoint, ok: false, problem: err.message };
        }
    }));
}

;// CONCATENATED MODULE: ./shared/network/github-meta.ts

/**
 * GitHub's published ranges (`GET /meta`), e.g. `actions` for GitHub-hosted runners, as text
 * lists for AllowList (parsed there, leniently). Throws api-failed when the answer is unusable.
 */
async function githubMetaRanges(api, keys) {
    const res = await api.get('/meta');
    if (res.status !== 200 || !res.data || typeof res.data !== 'object') {
        throw new errors/* CiConstraintsError */.FX('api-failed', `GitHub meta API GET /meta answered HTTP ${res.status}`);
    }
    const out = [];
    for (const key of keys) {
        const list = res.data[key];
        if (!Array.isArray(list) || list.length === 0 || !list.every((e) => typeof e === 'string')) {
            throw new errors/* CiConstraintsError */.FX('api-failed', `GitHub meta API has no list of "${key}" ranges in its answer`);
        }
        out.push({ entries: list, source: `github-meta:${key}` });
    }
    return out;
}

;// CONCATENATED MODULE: ./shared/network/hosts.ts

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const PORT = /^[1-9][0-9]{0,4}$/;
/** A DNS name as we accept it: ASCII letters, digits and hyphens, dot-separated, ≤ 253 chars. Lowercased. */
function normalizeHostname(name) {
    if (typeof name !== 'string' || name.length === 0 || name.length > 253)
        return undefined;
    const lower = name.toLowerCase();
    // toLowerCase may fold non-ASCII letters (e.g. the Kelvin sign to "k"): check the input is ASCII first.
    for (let i = 0; i < name.length; i++)
        if (name.charCodeAt(i) > 0x7e)
            return undefined;
    const labels = lower.split('.');
    if (!labels.every((l) => LABEL.test(l)))
        return undefined;
    // A name made only of digits and dots is an IPv4 address written wrongly, not a host.
    if (/^[0-9.]+$/.test(lower))
        return undefined;
    return lower;
}
function parsePort(entry, text) {
    if (!PORT.test(text) || Number(text) > 65535)
        throw new ip_NetworkEntryError(entry, `has an invalid port "${text}"; use a number from 1 to 65535`);
    return Number(text);
}
/** Parse one `network.egress` entry. Throws NetworkEntryError (ConfigError, exit 2) naming it. */
function parseEgressEntry(entry) {
    try {
        return parseEntry(entry);
    }
    catch (err) {
        if (err instanceof ip_NetworkEntryError && err.entry !== entry) {
            throw new ip_NetworkEntryError(String(entry), `is not a valid egress entry: ${err.message}`, err.hint);
        }
        throw err;
    }
}
function parseEntry(entry) {
    if (typeof entry !== 'string' || entry.length === 0)
        throw new ip_NetworkEntryError(String(entry), 'is empty; write host:port, an IP address or a CIDR range');
    if (entry.startsWith('[')) {
        const close = entry.indexOf(']');
        if (close < 0)
            throw new ip_NetworkEntryError(entry, 'opens "[" without closing "]"; write [2001:db8::1]:443');
        const range = ip_parseCidr(entry.slice(1, close));
        if (range.family !== 'ipv6')
            throw new ip_NetworkEntryError(entry, 'puts an IPv4 address in brackets; brackets are for IPv6 only');
        const rest = entry.slice(close + 1);
        if (rest === '')
            return { kind: 'cidr', range, text: `[${range.text}]` };
        if (!rest.startsWith(':'))
            throw new ip_NetworkEntryError(entry, 'has text after "]" that is not ":port"');
        const port = parsePort(entry, rest.slice(1));
        return { kind: 'cidr', range, port, text: `[${range.text}]:${port}` };
    }
    const colons = entry.split(':').length - 1;
    if (colons >= 2) {
        // A bare IPv6 address or range (ports on IPv6 need brackets).
        if (parseIp(entry.split('/')[0]) === undefined) {
            throw new ip_NetworkEntryError(entry, 'is not host:port, an IP address or a CIDR range', 'IPv6 with a port is written [2001:db8::1]:443');
        }
        const range = ip_parseCidr(entry);
        return { kind: 'cidr', range, text: range.text };
    }
    const [left, portText] = colons === 1 ? [entry.slice(0, entry.indexOf(':')), entry.slice(entry.indexOf(':') + 1)] : [entry, undefined];
    if (/^[0-9./]+$/.test(left)) {
        const range = ip_parseCidr(left);
        if (portText === undefined)
            return { kind: 'cidr', range, text: range.text };
        const port = parsePort(entry, portText);
        return { kind: 'cidr', range, port, text: `${range.text}:${port}` };
    }
    if (portText === undefined) {
        throw new ip_NetworkEntryError(entry, 'names a host without a port; host entries are exact host:port pairs', `write ${left}:443 (or the port the job uses)`);
    }
    const port = parsePort(entry, portText);
    if (left.startsWith('*.')) {
        const suffix = normalizeHostname(left.slice(2));
        if (suffix === undefined)
            throw new ip_NetworkEntryError(entry, 'has a wildcard over an invalid host name');
        if (!suffix.includes('.'))
            throw new ip_NetworkEntryError(entry, 'has a wildcard over a top-level domain; name at least a registrable domain such as *.example.com');
        return { kind: 'wildcard', suffix, port, text: `*.${suffix}:${port}` };
    }
    if (left.includes('*'))
        throw new ip_NetworkEntryError(entry, 'uses "*" other than as a leading "*." label; no other wildcard exists');
    const host = normalizeHostname(left);
    if (host === undefined) {
        throw new ip_NetworkEntryError(entry, 'has an invalid host name', 'host names are ASCII letters, digits, "-" and "." (write internationalised names as xn--…), without a trailing dot');
    }
    return { kind: 'host', host, port, text: `${host}:${port}` };
}
/** Does a name match an entry's host part? Exact, or strictly under a `*.` suffix; never a suffix trick. */
function hostMatches(entry, host) {
    const name = normalizeHostname(host);
    if (name === undefined)
        return false;
    if (entry.kind === 'host')
        return name === entry.host;
    if (entry.kind === 'wildcard')
        return name.length > entry.suffix.length + 1 && name.endsWith(`.${entry.suffix}`);
    return false;
}
/** The first entry that allows `host:port` (host may be a name or an IP literal). */
function findEgressEntry(entries, host, port) {
    const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
    const ip = parseIp(bare);
    for (const e of entries) {
        if (e.kind === 'cidr') {
            if (ip && rangeContains(e.range, unmapIPv4(ip)) && (e.port === undefined || e.port === port))
                return e;
        }
        else if (!ip && e.port === port && hostMatches(e, bare))
            return e;
    }
    return undefined;
}
/** Parse a `host:port` the job declares it will use (input `egress-hosts`). */
function parseHostPort(text) {
    const entry = parseEgressEntry(text);
    if (entry.kind === 'host')
        return { host: entry.host, port: entry.port };
    throw new ip_NetworkEntryError(text, 'is not an exact host:port (no wildcards, no IP ranges)');
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./shared/network/interfaces.ts


/**
 * The runner's own addresses that say where it is: every interface address except loopback and
 * link-local (which every machine has). `table` is injectable for tests.
 */
function localAddresses(table = (0,external_node_os_.networkInterfaces)()) {
    const out = [];
    for (const [name, infos] of Object.entries(table)) {
        for (const info of infos ?? []) {
            const parsed = parseIp(info.address.split('%')[0]);
            if (!parsed || info.internal || isLoopbackOrLinkLocal(parsed))
                continue;
            const addr = unmapIPv4(parsed);
            out.push({ interface: name, address: formatIp(addr), family: addr.family });
        }
    }
    return out;
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./shared/network/firewall/rules.ts
const IPT_CHAIN = 'CIC_EGRESS';
const NFT_TABLE = 'ci_constraints';
const RECENT_LIST = { ipv4: 'cic_egress4', ipv6: 'cic_egress6' };
const SAFE_COMMENT = /^[A-Za-z0-9.:*\/\[\]_-]{1,200}$/;
function commentArgs(comment) {
    return comment !== undefined && SAFE_COMMENT.test(comment) ? ['-m', 'comment', '--comment', comment] : [];
}
function hostBits(family) {
    return family === 'ipv4' ? '32' : '128';
}
/** Install commands for one family. `recent` adds per-destination accounting through xt_recent. */
function iptablesInstall(plan, options = { recent: true }) {
    const build = (family) => {
        const c = IPT_CHAIN;
        const rules = [['-N', c], ['-A', c, '-o', 'lo', '-j', 'ACCEPT'], ['-A', c, '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT']];
        if (family === 'ipv6') {
            // Link-local housekeeping the kernel sends by itself: neighbour discovery, and MLD reports
            // (130-132, 143) when an interface joins a multicast group. Neither carries data off the link;
            // rejecting them would count the kernel as an exfiltration attempt.
            for (const type of ['neighbour-solicitation', 'neighbour-advertisement', 'router-solicitation', '130', '131', '132', '143']) {
                rules.push(['-A', c, '-p', 'ipv6-icmp', '--icmpv6-type', type, '-j', 'ACCEPT']);
            }
        }
        for (const r of plan.resolvers.filter((x) => x.family === family)) {
            for (const proto of ['udp', 'tcp']) {
                rules.push(['-A', c, '-d', `${r.address}/${hostBits(family)}`, '-p', proto, '--dport', String(r.port), ...commentArgs('dns'), '-j', 'ACCEPT']);
            }
        }
        for (const a of plan.allow.filter((x) => x.family === family)) {
            if (a.port === undefined)
                rules.push(['-A', c, '-d', a.cidr, ...commentArgs(a.comment), '-j', 'ACCEPT']);
            else
                for (const proto of ['tcp', 'udp'])
                    rules.push(['-A', c, '-d', a.cidr, '-p', proto, '--dport', String(a.port), ...commentArgs(a.comment), '-j', 'ACCEPT']);
        }
        if (options.recent)
            rules.push(['-A', c, '-m', 'recent', '--name', RECENT_LIST[family], '--rdest', '--set']);
        if (plan.mode === 'block') {
            rules.push(['-A', c, '-p', 'tcp', ...commentArgs('ci-constraints-reject'), '-j', 'REJECT', '--reject-with', 'tcp-reset']);
            rules.push(['-A', c, ...commentArgs('ci-constraints-reject'), '-j', 'REJECT', '--reject-with', family === 'ipv4' ? 'icmp-admin-prohibited' : 'icmp6-adm-prohibited']);
        }
        else {
            rules.push(['-A', c, ...commentArgs('ci-constraints-audit'), '-j', 'RETURN']);
        }
        rules.push(['-I', 'OUTPUT', '1', '-j', c]);
        return rules;
    };
    return { ipv4: build('ipv4'), ipv6: build('ipv6') };
}
/** Remove exactly what iptablesInstall added (each step may fail harmlessly when absent). */
function iptablesTeardown() {
    return [
        ['-D', 'OUTPUT', '-j', IPT_CHAIN],
        ['-F', IPT_CHAIN],
        ['-X', IPT_CHAIN],
    ];
}
/** The nft script (for `nft -f -`): replaces our own table atomically and touches nothing else. */
function nftScript(plan) {
    const lines = [];
    const rule = (s) => lines.push(`    ${s}`);
    const comment = (c) => (c !== undefined && SAFE_COMMENT.test(c) ? ` comment "${c}"` : '');
    const sel = (family) => (family === 'ipv4' ? 'ip daddr' : 'ip6 daddr');
    lines.push(`table inet ${NFT_TABLE} {`);
    lines.push('  set seen4 { type ipv4_addr . inet_service; flags dynamic; counter; size 65535; }');
    lines.push('  set seen6 { type ipv6_addr . inet_service; flags dynamic; counter; size 65535; }');
    lines.push('  chain output {');
    rule('type filter hook output priority 0; policy accept;');
    rule('oifname "lo" accept');
    rule('ct state established,related accept');
    rule('icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit, mld-listener-query, mld-listener-report, mld-listener-done, mld2-listener-report } accept');
    for (const r of plan.resolvers) {
        rule(`meta l4proto { tcp, udp } ${sel(r.family)} ${r.address} th dport ${r.port} accept comment "dns"`);
    }
    for (const a of plan.allow) {
        if (a.port === undefined)
            rule(`${sel(a.family)} ${a.cidr} accept${comment(a.comment)}`);
        else
            rule(`meta l4proto { tcp, udp } ${sel(a.family)} ${a.cidr} th dport ${a.port} accept${comment(a.comment)}`);
    }
    rule('meta nfproto ipv4 meta l4proto { tcp, udp } update @seen4 { ip daddr . th dport }');
    rule('meta nfproto ipv6 meta l4proto { tcp, udp } update @seen6 { ip6 daddr . th dport }');
    if (plan.mode === 'block') {
        rule('meta l4proto tcp counter reject with tcp reset comment "ci-constraints-reject"');
        rule('counter reject with icmpx type admin-prohibited comment "ci-constraints-reject"');
    }
    else {
        rule('counter accept comment "ci-constraints-audit"');
    }
    lines.push('  }');
    lines.push('}');
    // `add` then `delete` makes the replace work whether or not an earlier run left the table behind.
    return [`add table inet ${NFT_TABLE}`, `delete table inet ${NFT_TABLE}`, ...lines, ''].join('\n');
}
function nftTeardown() {
    return ['delete', 'table', 'inet', NFT_TABLE];
}

;// CONCATENATED MODULE: ./shared/network/firewall/system.ts




function commandRunner(prefix = [], timeoutMs = 20_000) {
    return {
        run(argv, input) {
            const full = [...prefix, ...argv];
            return new Promise((resolve) => {
                let child;
                try {
                    // Our own kill timer, cleared on close: spawn's `timeout` option leaves its timer armed when
                    // the program cannot be started (ENOENT: no sudo, no nft), holding the step open 20 s.
                    child = (0,external_node_child_process_.spawn)(full[0], full.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], shell: false });
                }
                catch (err) {
                    resolve({ code: 127, stdout: '', stderr: '', spawnError: err.message });
                    return;
                }
                const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
                let stdout = '';
                let stderr = '';
                let spawnError;
                child.stdout.on('data', (d) => (stdout += d.toString('utf8')));
                child.stderr.on('data', (d) => (stderr += d.toString('utf8')));
                child.on('error', (err) => (spawnError = err.code ?? err.message));
                child.on('close', (code) => {
                    clearTimeout(timer);
                    resolve(spawnError !== undefined ? { code: code ?? 127, stdout, stderr, spawnError } : { code: code ?? 1, stdout, stderr });
                });
                child.stdin.on('error', () => undefined);
                child.stdin.end(input ?? '');
            });
        },
    };
}
async function findBinary(runner, privilege, name, probe) {
    for (const candidate of [name, `/usr/sbin/${name}`, `/sbin/${name}`]) {
        const res = await runner.run([...privilege, candidate, ...probe]);
        if (res.spawnError === undefined && res.code === 0)
            return candidate;
    }
    return undefined;
}
/**
 * Can this runner enforce an egress allowlist? Linux, root or passwordless sudo (`sudo -n`), and
 * a working nft or iptables+ip6tables (each probed by listing rules, which needs CAP_NET_ADMIN).
 */
async function detectCapability(runner, options = {}) {
    const os = options.os ?? process.platform;
    const uid = 'uid' in options ? options.uid : process.getuid?.();
    const none = (reason) => ({ ok: false, reason, binaries: {}, privilege: [] });
    if (os !== 'linux')
        return none(`the runner OS is ${os}; egress rules need Linux netfilter`);
    let privilege = [];
    if (uid !== 0) {
        const sudo = await runner.run(['sudo', '-n', 'true']);
        if (sudo.spawnError !== undefined || sudo.code !== 0)
            return none('the step runs without root and sudo is absent or asks for a password');
        privilege = ['sudo', '-n'];
    }
    const prefer = options.prefer ?? 'auto';
    const binaries = {};
    if (prefer !== 'iptables') {
        const nft = await findBinary(runner, privilege, 'nft', ['list', 'tables']);
        if (nft)
            return { ok: true, tool: 'nft', binaries: { nft }, privilege };
    }
    if (prefer !== 'nft') {
        const ipt = await findBinary(runner, privilege, 'iptables', ['-S', 'OUTPUT']);
        const ip6t = await findBinary(runner, privilege, 'ip6tables', ['-S', 'OUTPUT']);
        if (ipt && ip6t)
            return { ok: true, tool: 'iptables', binaries: { iptables: ipt, ip6tables: ip6t }, privilege };
        if (ipt)
            binaries.iptables = ipt;
    }
    const wanted = prefer === 'nft' ? 'nft' : prefer === 'iptables' ? 'iptables and ip6tables' : 'nft, or iptables and ip6tables';
    return { ok: false, reason: `no working ${wanted} (missing, or not permitted to list rules)`, binaries, privilege };
}
function failed(what, res) {
    const detail = (res.spawnError ?? res.stderr.trim().split('\n').slice(0, 3).join(' ')) || `exit ${res.code}`;
    return new errors/* CiConstraintsError */.FX('io-failed', `${what} failed: ${detail}`);
}
/** Install the plan with the detected tool. Any failure tears down what was added, then throws io-failed. */
async function installEgress(runner, cap, plan) {
    if (!cap.ok || !cap.tool)
        throw new errors/* CiConstraintsError */.FX('io-failed', `cannot install egress rules: ${cap.reason ?? 'no tool'}`);
    const priv = cap.privilege;
    if (cap.tool === 'nft') {
        const nft = cap.binaries.nft;
        const res = await runner.run([...priv, nft, '-f', '-'], nftScript(plan));
        if (res.code !== 0 || res.spawnError) {
            await runner.run([...priv, nft, ...nftTeardown()]);
            throw failed('nft -f (loading the egress table)', res);
        }
        return { tool: 'nft', binaries: cap.binaries, privilege: priv, commands: 1 };
    }
    const attempt = async (recent) => {
        await iptablesRemove(runner, cap);
        const rules = iptablesInstall(plan, { recent });
        let count = 0;
        for (const [bin, list] of [[cap.binaries.iptables, rules.ipv4], [cap.binaries.ip6tables, rules.ipv6]]) {
            for (const argv of list) {
                const res = await runner.run([...priv, bin, ...argv]);
                count++;
                if (res.code !== 0 || res.spawnError) {
                    await iptablesRemove(runner, cap);
                    return { ...res, stderr: `${bin} ${argv.join(' ')}: ${res.stderr}` };
                }
            }
        }
        return count;
    };
    let result = await attempt(true);
    let recent = true;
    if (typeof result !== 'number') {
        // xt_recent may be missing from the kernel: fall back to counters only.
        recent = false;
        result = await attempt(false);
    }
    if (typeof result !== 'number')
        throw failed('iptables', result);
    return { tool: 'iptables', binaries: cap.binaries, privilege: priv, recent, commands: result };
}
async function iptablesRemove(runner, cap) {
    const problems = [];
    for (const bin of [cap.binaries.iptables, cap.binaries.ip6tables]) {
        if (!bin)
            continue;
        // The jump may have been added more than once by an interrupted earlier run: remove every copy.
        for (let i = 0; i < 16; i++) {
            const res = await runner.run([...cap.privilege, bin, '-D', 'OUTPUT', '-j', IPT_CHAIN]);
            if (res.code !== 0)
                break;
        }
        for (const argv of iptablesTeardown().slice(1))
            await runner.run([...cap.privilege, bin, ...argv]);
        const left = await runner.run([...cap.privilege, bin, '-S', IPT_CHAIN]);
        if (left.code === 0)
            problems.push(`${bin}: chain ${IPT_CHAIN} is still present`);
    }
    return problems;
}
/** Remove our table/chain and nothing else. Returns problems (empty = clean). */
async function removeEgress(runner, installed) {
    if (installed.tool === 'nft') {
        const nft = installed.binaries.nft;
        await runner.run([...installed.privilege, nft, ...nftTeardown()]);
        const left = await runner.run([...installed.privilege, nft, 'list', 'table', 'inet', NFT_TABLE]);
        return left.code === 0 ? [`nft table inet ${NFT_TABLE} is still present`] : [];
    }
    return iptablesRemove(runner, installed);
}
/** Read what hit the catch-all: per-destination (nft sets; iptables xt_recent) and rule counters. */
async function readEgressCounters(runner, installed) {
    const priv = installed.privilege;
    if (installed.tool === 'nft') {
        const res = await runner.run([...priv, installed.binaries.nft, '-j', 'list', 'table', 'inet', NFT_TABLE]);
        if (res.code !== 0)
            return { packets: 0, attempts: [], present: false };
        return { ...parseNftCounters(res.stdout), present: true };
    }
    let packets = 0;
    const attempts = [];
    let present = true;
    for (const [family, bin] of [['ipv4', installed.binaries.iptables], ['ipv6', installed.binaries.ip6tables]]) {
        const res = await runner.run([...priv, bin, '-L', IPT_CHAIN, '-v', '-x', '-n']);
        if (res.code !== 0) {
            present = false;
            continue;
        }
        packets += parseIptablesCounters(res.stdout);
        if (installed.recent) {
            const list = await runner.run([...priv, 'cat', `/proc/net/xt_recent/${RECENT_LIST[family]}`]);
            if (list.code === 0)
                attempts.push(...parseRecentList(list.stdout));
        }
    }
    return { packets, attempts, present };
}
/** Sum the packet counters of our reject/audit rules in `iptables -L CHAIN -v -x -n` output. */
function parseIptablesCounters(listing) {
    let total = 0;
    for (const line of listing.split('\n')) {
        if (!/\/\* ci-constraints-(reject|audit) \*\//.test(line))
            continue;
        const pkts = Number(line.trim().split(/\s+/)[0]);
        if (Number.isFinite(pkts))
            total += pkts;
    }
    return total;
}
/** `/proc/net/xt_recent/NAME`: `src=ADDR ttl: T last_seen: S oldest_pkt: N t1 t2 …` per destination. */
function parseRecentList(text) {
    const out = [];
    for (const line of text.split('\n')) {
        const m = /^src=(\S+)\s.*oldest_pkt:\s*\d+\s*(.*)$/.exec(line.trim());
        if (!m)
            continue;
        const ip = parseIp(m[1]);
        if (!ip)
            continue;
        const stamps = m[2].trim().split(/\s+/).filter((s) => /^\d+$/.test(s));
        out.push({ address: formatIp(ip), packets: Math.max(1, stamps.length) });
    }
    return out;
}
/** `nft -j list table inet ci_constraints`: set elements with counters, and our rules' counters. */
function parseNftCounters(json) {
    let doc;
    try {
        doc = JSON.parse(json);
    }
    catch {
        return { packets: 0, attempts: [] };
    }
    let packets = 0;
    const attempts = [];
    for (const item of doc.nftables ?? []) {
        if (item.set && (item.set.name === 'seen4' || item.set.name === 'seen6')) {
            for (const el of item.set.elem ?? []) {
                const e = el?.elem;
                const concat = e?.val?.concat;
                if (!Array.isArray(concat))
                    continue;
                const ip = typeof concat[0] === 'string' ? parseIp(concat[0]) : undefined;
                if (!ip)
                    continue;
                const port = typeof concat[1] === 'number' ? concat[1] : undefined;
                const attempt = { address: formatIp(ip), packets: Number(e?.counter?.packets ?? 1) };
                if (port !== undefined)
                    attempt.port = port;
                attempts.push(attempt);
            }
        }
        if (item.rule && typeof item.rule.comment === 'string' && /^ci-constraints-(reject|audit)$/.test(item.rule.comment)) {
            for (const expr of item.rule.expr ?? [])
                if (expr?.counter)
                    packets += Number(expr.counter.packets ?? 0);
        }
    }
    return { packets, attempts };
}

;// CONCATENATED MODULE: ./shared/actions/ip-guard.ts













const STATE_KEY = 'ip-guard-egress';
function where(req, path) {
    const s = req.ruleSource(path);
    return s.location ? `${s.policyPath} at ${s.location.file}:${s.location.line}:${s.location.column}` : s.policyPath;
}
function splitList(text) {
    return (text ?? '').split(/[\s,]+/).filter((s) => s.length > 0);
}
function networkPolicy(req) {
    const net = req.constraints.network;
    if (!net || (net.allow === undefined && net.egress === undefined)) {
        throw new errors/* ConfigError */.xL('policy-invalid', `environment "${req.environment}" sets neither network.allow nor network.egress, so ip-guard has nothing to check`, {
            hint: 'add network: { allow: [203.0.113.0/24] } and/or network: { egress: ["api.github.com:443"] } to the environment',
        });
    }
    return net;
}
function echoEndpoints(req, net) {
    const fromInput = splitList(req.platform.input('echo-endpoints'));
    const raw = net['echo-endpoints'] ?? (fromInput.length > 0 ? fromInput : [...DEFAULT_ECHO_ENDPOINTS]);
    const urls = raw.map((u) => parseEchoEndpoint(u));
    if (urls.length < 2) {
        throw new errors/* ConfigError */.xL('input-invalid', `ip-guard needs at least two echo endpoints to compare, got ${urls.length}`, { hint: 'list two or more HTTPS endpoints in echo-endpoints (space or comma separated)' });
    }
    return urls;
}
function locationMode(req, net, notes) {
    const input = req.platform.input('check');
    if (input !== undefined && !['egress', 'local', 'both'].includes(input)) {
        throw new errors/* ConfigError */.xL('input-invalid', `input check is "${input}"; use egress, local or both`);
    }
    if (net.check !== undefined) {
        if (input !== undefined && input !== net.check)
            notes.push(`input check=${input} ignored: the policy sets network.check=${net.check}`);
        return net.check;
    }
    return input ?? 'egress';
}
async function runLocation(req, net, deps, out) {
    const lists = net.lists ?? {};
    const spec = expandAllow(net.allow ?? [], lists, (i, list, j) => list === undefined ? where(req, ['network', 'allow', i]) : j === undefined ? where(req, ['network', 'lists', list]) : where(req, ['network', 'lists', list, j]));
    const check = locationMode(req, net, out.notes);
    const endpoints = check === 'local' ? [] : echoEndpoints(req, net);
    const timeoutText = req.platform.input('echo-timeout') ?? '5s';
    let timeoutMs;
    try {
        timeoutMs = (0,common/* durationMs */.pc)(timeoutText);
    }
    catch {
        throw new errors/* ConfigError */.xL('input-invalid', `input echo-timeout is "${timeoutText}"; write a duration like 5s or 1500ms`);
    }
    let allow = new AllowList(spec.ranges);
    if (spec.githubMeta.length > 0) {
        let metaProblem;
        let count = 0;
        try {
            const meta = await githubMetaRanges((0,api.forgeClient)(req.platform, 'github', { timeoutMs: 10_000 }), spec.githubMeta);
            allow = new AllowList(spec.ranges, meta);
            count = allow.size - spec.ranges.length;
        }
        catch (err) {
            // Unusable published data is GitHub's problem, not the policy's: a failed check, not exit 2.
            metaProblem = err.message;
        }
        out.checks.push(...githubMetaCheck(spec.githubMeta, metaProblem, count, req.ruleSource));
    }
    let egressAddress;
    if (endpoints.length > 0) {
        const answers = await lookupEgress(endpoints, { timeoutMs });
        const judged = egressLookupChecks(answers, req.ruleSource);
        out.checks.push(...judged.checks);
        egressAddress = judged.address;
        out.details.echo = answers;
    }
    let local;
    if (check !== 'egress')
        local = localAddresses(deps.interfaces?.());
    const located = locationChecks({ check, ...(egressAddress !== undefined ? { egressAddress } : {}), ...(local ? { local } : {}) }, allow, req.ruleSource);
    out.checks.push(...located);
    const seen = [...(egressAddress ? [egressAddress] : []), ...(local ?? []).map((a) => a.address)];
    const matched = located.filter((c) => c.status === 'pass').map((c) => String(c.required));
    out.outputs['addresses'] = seen.join(',');
    out.outputs['egress-ip'] = egressAddress ?? '';
    out.outputs['matched-ranges'] = [...new Set(matched)].join(',');
    out.details.location = { check, egressAddress, local, matched: [...new Set(matched)], ranges: allow.size };
    out.summary.push('#### Runner location', '', '| address | seen by | approved range |', '|---|---|---|', ...located.map((c) => `| ${String(c.seen ?? '')} | ${c.message.startsWith('egress') ? 'echo endpoints' : c.message.split(' address')[0]} | ${c.status === 'pass' ? String(c.required) : '**none**'} |`), '');
}
async function runEgress(req, net, deps, out) {
    const egress = net.egress ?? [];
    const entries = egress.map((e, i) => {
        try {
            return parseEgressEntry(e);
        }
        catch (err) {
            if (err instanceof ip_NetworkEntryError)
                throw new ip_NetworkEntryError(err.entry, `(${where(req, ['network', 'egress', i])}) ${err.message.slice(JSON.stringify(err.entry).length + 1)}`, err.hint);
            throw err;
        }
    });
    const targets = [];
    entries.forEach((e, i) => {
        if (e.kind === 'host')
            targets.push({ host: e.host, port: e.port, entryIndex: i });
    });
    const declared = splitList(req.platform.input('egress-hosts')).map((text) => {
        const hp = parseHostPort(text);
        const entry = findEgressEntry(entries, hp.host, hp.port);
        if (entry)
            targets.push({ ...hp, entryIndex: entries.indexOf(entry) });
        return entry ? { ...hp, entry: entry.text } : hp;
    });
    out.checks.push(...declaredHostChecks(declared, req.ruleSource));
    const concreteWildcards = new Set(targets.map((t) => t.entryIndex));
    const unenforceable = entries.filter((e, i) => e.kind === 'wildcard' && !concreteWildcards.has(i)).map((e) => e.text);
    const resolverTexts = net.resolvers ?? splitList(req.platform.input('egress-resolvers'));
    const resolvers = resolverTexts.map((text) => {
        const r = resolverAddress(text);
        if (!r)
            throw new errors/* ConfigError */.xL('input-invalid', `DNS resolver ${JSON.stringify(text)} is not an IP address (optionally :port)`, { hint: 'write resolvers like 1.1.1.1 or [2606:4700:4700::1111]:53' });
        return r;
    });
    const systemResolvers = resolvers.length > 0 ? [] : new promises_.Resolver().getServers().map((s) => resolverAddress(s)).filter((r) => r !== undefined);
    const dnsServers = resolvers.length > 0 ? resolverTexts : undefined;
    const uniqueHosts = [...new Set(targets.map((t) => t.host))];
    const resolutions = uniqueHosts.length ? await resolveHosts(uniqueHosts, dnsServers ? { servers: dnsServers } : {}) : [];
    const byHost = new Map(resolutions.map((r) => [r.host, r]));
    out.checks.push(...resolutionChecks(resolutions.map((r) => ({ ...r, entryIndex: targets.find((t) => t.host === r.host).entryIndex })), req.ruleSource));
    const allow = [];
    const names = {};
    const seenRule = new Set();
    const push = (rule) => {
        const key = `${rule.cidr}|${rule.port ?? '*'}`;
        if (!seenRule.has(key)) {
            seenRule.add(key);
            allow.push(rule);
        }
    };
    for (const t of targets) {
        for (const address of byHost.get(t.host)?.addresses ?? []) {
            const ip = parseIp(address);
            push({ family: ip.family, cidr: `${address}/${ip.family === 'ipv4' ? 32 : 128}`, port: t.port, comment: `${t.host}:${t.port}` });
            (names[address] ??= []).includes(t.host) || names[address].push(t.host);
        }
    }
    for (const e of entries) {
        if (e.kind === 'cidr')
            push({ family: e.range.family, cidr: e.range.text, ...(e.port !== undefined ? { port: e.port } : {}), comment: e.text });
    }
    const mode = req.mode === 'audit' ? 'audit' : 'block';
    const plan = {
        mode,
        allow,
        resolvers: (resolvers.length > 0 ? resolvers : systemResolvers).map((r) => ({ family: parseIp(r.address).family, address: r.address, port: r.port })),
    };
    const enforcement = net['egress-enforcement'] ?? 'strict';
    const preferText = req.platform.input('egress-tool') ?? 'auto';
    if (!['auto', 'nft', 'iptables'].includes(preferText))
        throw new errors/* ConfigError */.xL('input-invalid', `input egress-tool is "${preferText}"; use auto, nft or iptables`);
    const cap = await detectCapability(deps.runner, { ...deps.detect, prefer: preferText });
    let installed;
    let problem = cap.reason;
    if (cap.ok) {
        try {
            installed = await installEgress(deps.runner, cap, plan);
        }
        catch (err) {
            problem = err.message;
        }
    }
    const state = installed
        ? { installed: true, mode, tool: installed.tool, binaries: installed.binaries, privilege: installed.privilege, ...(installed.recent !== undefined ? { recent: installed.recent } : {}), names }
        : { installed: false, mode, names, ...(problem ? { reason: problem } : {}) };
    req.platform.saveState(STATE_KEY, JSON.stringify(state));
    out.checks.push(...enforcementCheck({ enforcement, mode, ...(installed ? { installed: { tool: installed.tool, destinations: allow.length } } : {}), ...(problem !== undefined && !installed ? { problem } : {}), unenforceableWildcards: unenforceable }, req.ruleSource));
    if (!installed)
        out.notes.push(`ip-guard egress allowlist NOT ENFORCED: ${problem ?? 'not installed'}`);
    else if (mode === 'audit')
        out.notes.push('ip-guard egress allowlist in audit mode: NOT ENFORCED, attempts are only counted');
    out.outputs['egress-enforced'] = installed && mode === 'block' ? 'true' : 'false';
    out.outputs['egress-tool'] = installed?.tool ?? '';
    out.details.egress = { mode, tool: installed?.tool, rules: allow, resolvers: plan.resolvers, notEnforced: installed ? undefined : problem };
    out.summary.push('#### Egress allowlist', '', installed ? `Installed with \`${installed.tool}\` in **${mode}** mode${mode === 'audit' ? ' (NOT ENFORCED: attempts are counted, not blocked)' : ''}.` : `**NOT ENFORCED**: ${problem ?? 'not installed'}.`, '', '| destination | port | for |', '|---|---|---|', ...allow.map((r) => `| ${r.cidr} | ${r.port ?? 'any'} | ${r.comment ?? ''} |`), '');
}
async function run(req, deps) {
    const net = networkPolicy(req);
    const out = { checks: [], notes: [], outputs: {}, summary: [], details: {} };
    // Parse every entry before any I/O, so a bad policy is exit 2 without side effects.
    if (net.egress)
        net.egress.forEach((e, i) => {
            try {
                parseEgressEntry(e);
            }
            catch (err) {
                if (err instanceof ip_NetworkEntryError)
                    throw new ip_NetworkEntryError(err.entry, `(${where(req, ['network', 'egress', i])}) ${err.message.slice(JSON.stringify(err.entry).length + 1)}`, err.hint);
                throw err;
            }
        });
    if (net.allow)
        await runLocation(req, net, deps, out);
    if (net.egress)
        await runEgress(req, net, deps, out);
    return { checks: out.checks, notes: out.notes, outputs: out.outputs, details: out.details, summary: out.summary.join('\n') };
}
async function report(req, deps) {
    const net = networkPolicy(req);
    const at = req.ruleSource(['network', 'egress']);
    const loc = at.location ? { policyPath: at.policyPath, location: at.location } : { policyPath: at.policyPath };
    if (!net.egress) {
        return { checks: [{ rule: 'network.egress-attempts', status: 'skip', message: 'the policy sets no network.egress: nothing was installed, nothing to report', ...loc }] };
    }
    const raw = req.platform.getState(STATE_KEY);
    if (raw === undefined) {
        return {
            checks: [{ rule: 'network.egress-attempts', status: 'fail', message: 'the ip-guard run step left no state: it did not run, or failed before installing egress rules, so nothing can be vouched for', seen: 'no state', required: 'state from the run step', ...loc }],
        };
    }
    const state = JSON.parse(raw);
    if (!state.installed || !state.tool) {
        return {
            checks: [{ rule: 'network.egress-attempts', status: 'skip', message: `NOT ENFORCED: the run step installed no egress rules (${state.reason ?? 'unknown reason'}), so there is nothing to count`, seen: 'not installed', ...loc }],
            notes: ['ip-guard egress allowlist was NOT ENFORCED in this job'],
            outputs: { 'egress-attempts': '0', 'egress-enforced': 'false' },
        };
    }
    const installed = { tool: state.tool, binaries: state.binaries ?? {}, privilege: state.privilege ?? [], ...(state.recent !== undefined ? { recent: state.recent } : {}) };
    const counters = await readEgressCounters(deps.runner, installed);
    const attempts = counters.attempts.map((a) => (state.names[a.address] ? { ...a, host: state.names[a.address].join('/') } : a));
    const doTeardown = (req.platform.input('teardown') ?? 'true') !== 'false';
    let teardown;
    if (doTeardown) {
        const problems = await removeEgress(deps.runner, installed);
        teardown = { done: problems.length === 0, problems };
    }
    const checks = egressReportChecks({ mode: state.mode, tool: state.tool, present: counters.present, packets: counters.packets, attempts, ...(teardown ? { teardown } : {}) }, req.ruleSource);
    const verb = state.mode === 'block' ? 'blocked' : 'logged';
    const summary = [
        `#### Egress attempts outside the allowlist (${verb}, ${state.tool})`,
        '',
        attempts.length === 0 ? (counters.packets === 0 ? 'None.' : `${counters.packets} packet(s); the ${state.tool} setup here records no destinations.`) : ['| destination | packets |', '|---|---|', ...attempts.map((a) => `| ${describeAttempt({ ...a, packets: 0 }).replace(/ ×0$/, '')} | ${a.packets} |`)].join('\n'),
        '',
    ].join('\n');
    return {
        checks,
        notes: state.mode === 'audit' ? ['ip-guard egress allowlist ran in audit mode: NOT ENFORCED'] : [],
        outputs: { 'egress-attempts': String(counters.packets), 'egress-enforced': state.mode === 'block' ? 'true' : 'false' },
        details: { egressReport: { mode: state.mode, tool: state.tool, packets: counters.packets, attempts, teardown } },
        summary,
    };
}
function createIpGuard(deps) {
    return {
        name: 'ip-guard',
        description: 'The runner must be inside approved IP ranges, and may talk only to approved hosts.',
        inputs: [
            { name: 'check', description: 'Which addresses must be inside network.allow when the policy does not say: egress (public address seen by echo endpoints), local (interface addresses) or both.', default: 'egress' },
            { name: 'echo-endpoints', description: `Space- or comma-separated HTTPS endpoints that answer with the caller's public IP as plain text (at least two; all must agree). network.echo-endpoints in the policy wins. Default: ${DEFAULT_ECHO_ENDPOINTS.join(' ')}.` },
            { name: 'echo-timeout', description: 'Time allowed per echo endpoint attempt (e.g. 5s, 1500ms); a timeout denies.', default: '5s' },
            { name: 'egress-resolvers', description: 'DNS servers (ip or ip:port, space separated) used to resolve egress hosts and the only DNS servers the job may reach; network.resolvers in the policy wins. Default: the runner\'s own.' },
            { name: 'egress-hosts', description: 'Concrete host:port pairs the job will use that match *. wildcard entries of network.egress (or host entries); they are resolved and allowed.' },
            { name: 'egress-tool', description: 'Firewall tool: auto (nft, else iptables+ip6tables), nft or iptables.', default: 'auto' },
            { name: 'teardown', description: 'report: remove the egress rules after reading their counters (true/false).', default: 'true' },
            { name: 'github-token', description: 'Token for the GitHub meta API when network.allow names github-meta:<key>.' },
        ],
        commands: {
            run: (req) => run(req, deps),
            report: (req) => report(req, deps),
        },
        post: 'report',
    };
}
const ipGuard = createIpGuard({ runner: commandRunner() });
/* harmony default export */ const ip_guard = (ipGuard);


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
