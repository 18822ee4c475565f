export const id = 67;
export const ids = [67];
export const modules = {

/***/ 3067:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   policyCommand: () => (/* binding */ policyCommand)
/* harmony export */ });
/* unused harmony export policyJsonSchema */
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
/* harmony import */ var zod_mini__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(1939);
/* harmony import */ var zod_mini__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(5395);
/* harmony import */ var zod_mini__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(3759);
/* harmony import */ var _actions_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9786);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2635);
/* harmony import */ var _platform_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5383);
/* harmony import */ var _platform_stdio_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7917);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9702);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_6___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_6__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_7___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_7__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_8___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_8__);
/* harmony import */ var _source_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(5520);
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(3682);
/* harmony import */ var _load_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(1425);













/** `ci-constraints policy validate|schema|test`. */
async function policyCommand(sub, args, flags, env) {
    const policyPath = flags.policy ?? 'ci-constraints.yml';
    switch (sub) {
        case 'validate': {
            const loaded = await (0,_source_js__WEBPACK_IMPORTED_MODULE_9__/* .loadPolicy */ .t)({ path: policyPath, source: 'local', context: { platform: 'local', event: 'local', ref: '', refType: 'other', sha: '', repository: '', runner: { kind: 'unknown' }, identitySource: 'file', time: new Date().toISOString() } });
            const envs = Object.keys(loaded.policy.environments);
            (0,_platform_stdio_js__WEBPACK_IMPORTED_MODULE_4__/* .writeStd */ .L)(1, `${policyPath}: valid (${envs.length} environment${envs.length === 1 ? '' : 's'}: ${envs.join(', ')}; sha256 ${loaded.sha256})\n`);
            return 0;
        }
        case 'schema':
            (0,_platform_stdio_js__WEBPACK_IMPORTED_MODULE_4__/* .writeStd */ .L)(1, `${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
            return 0;
        case 'test':
            return policyTest(args[0], policyPath, flags, env);
        default:
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigError */ .xL('usage', `policy needs a command: validate, schema or test${sub ? ` (not "${sub}")` : ''}`);
    }
}
/** JSON Schema generated from the zod schema, so editors can complete and check policy files. */
function policyJsonSchema() {
    return {
        $id: 'https://ci-constraints.dev/schema/policy-v1.json',
        title: 'ci-constraints policy',
        ...zod_mini__WEBPACK_IMPORTED_MODULE_12__/* .toJSONSchema */ .bl(_schema_js__WEBPACK_IMPORTED_MODULE_10__/* .policySchema */ .wh, { target: 'draft-2020-12', io: 'input' }),
    };
}
const text = zod_mini__WEBPACK_IMPORTED_MODULE_13__/* .string */ .YjP().check(zod_mini__WEBPACK_IMPORTED_MODULE_14__/* ._minLength */ .m9(1));
const caseSchema = zod_mini__WEBPACK_IMPORTED_MODULE_13__/* .strictObject */ .rej({
    name: text,
    action: zod_mini__WEBPACK_IMPORTED_MODULE_13__/* ._default */ .Rvf(zod_mini__WEBPACK_IMPORTED_MODULE_13__/* .string */ .YjP(), 'verify-trigger'),
    environment: text,
    at: zod_mini__WEBPACK_IMPORTED_MODULE_13__/* .optional */ .lqM(zod_mini__WEBPACK_IMPORTED_MODULE_13__/* .string */ .YjP()),
    mode: zod_mini__WEBPACK_IMPORTED_MODULE_13__/* .optional */ .lqM(zod_mini__WEBPACK_IMPORTED_MODULE_13__/* ["enum"] */ .k5n(['enforce', 'audit'])),
    context: zod_mini__WEBPACK_IMPORTED_MODULE_13__/* .record */ .g1P(zod_mini__WEBPACK_IMPORTED_MODULE_13__/* .string */ .YjP(), zod_mini__WEBPACK_IMPORTED_MODULE_13__/* .unknown */ .L5J()),
    inputs: zod_mini__WEBPACK_IMPORTED_MODULE_13__/* .optional */ .lqM(zod_mini__WEBPACK_IMPORTED_MODULE_13__/* .record */ .g1P(zod_mini__WEBPACK_IMPORTED_MODULE_13__/* .string */ .YjP(), zod_mini__WEBPACK_IMPORTED_MODULE_13__/* .string */ .YjP())),
    expect: zod_mini__WEBPACK_IMPORTED_MODULE_13__/* .strictObject */ .rej({
        decision: zod_mini__WEBPACK_IMPORTED_MODULE_13__/* ["enum"] */ .k5n(['allow', 'deny']),
        /** The violated rule ids, in any order; omitted = not compared. */
        rules: zod_mini__WEBPACK_IMPORTED_MODULE_13__/* .optional */ .lqM(zod_mini__WEBPACK_IMPORTED_MODULE_13__/* .array */ .YOg(zod_mini__WEBPACK_IMPORTED_MODULE_13__/* .string */ .YjP())),
    }),
});
const casesFileSchema = zod_mini__WEBPACK_IMPORTED_MODULE_13__/* .strictObject */ .rej({ policy: zod_mini__WEBPACK_IMPORTED_MODULE_13__/* .optional */ .lqM(zod_mini__WEBPACK_IMPORTED_MODULE_13__/* .string */ .YjP()), cases: zod_mini__WEBPACK_IMPORTED_MODULE_13__/* .array */ .YOg(caseSchema).check(zod_mini__WEBPACK_IMPORTED_MODULE_14__/* ._minLength */ .m9(1)) });
/**
 * Runs each case through the real pipeline with its context and compares the decision and the
 * violated rule ids, like `opa test`: every mismatch is printed as a diff, exit 1 on any failure.
 */
async function policyTest(casesPath, policyFlag, flags, env) {
    if (!casesPath)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigError */ .xL('usage', 'policy test needs a cases file', { hint: 'ci-constraints policy test policy-tests.yml' });
    let text;
    try {
        text = (0,node_fs__WEBPACK_IMPORTED_MODULE_6__.readFileSync)(casesPath, 'utf8');
    }
    catch (err) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigError */ .xL('usage', `cannot read ${casesPath} (${err.code ?? 'error'})`);
    }
    if (text.length > _load_js__WEBPACK_IMPORTED_MODULE_11__/* .MAX_POLICY_BYTES */ .mk * 8)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigError */ .xL('usage', `${casesPath} is too large`);
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseDocument */ .Tp)(text, { uniqueKeys: true, strict: true });
    if (doc.errors.length)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigError */ .xL('usage', `${casesPath}: ${doc.errors[0].message.split('\n')[0]}`);
    const parsed = casesFileSchema.safeParse(doc.toJS({ maxAliasCount: 100 }));
    if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigError */ .xL('usage', `${casesPath}: ${first.path.join('.')}: ${first.message}`, { hint: 'each case needs name, environment, context and expect: { decision, rules }' });
    }
    const policy = flags.policy ?? (parsed.data.policy ? (0,node_path__WEBPACK_IMPORTED_MODULE_8__.resolve)((0,node_path__WEBPACK_IMPORTED_MODULE_8__.dirname)(casesPath), parsed.data.policy) : policyFlag);
    const work = (0,node_fs__WEBPACK_IMPORTED_MODULE_6__.mkdtempSync)((0,node_path__WEBPACK_IMPORTED_MODULE_8__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_7__.tmpdir)(), 'cic-policy-test-'));
    let failed = 0;
    try {
        for (const [i, c] of parsed.data.cases.entries()) {
            if (!(0,_actions_index_js__WEBPACK_IMPORTED_MODULE_1__/* .isActionName */ .S8)(c.action))
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigError */ .xL('usage', `${casesPath}: case "${c.name}": unknown action "${c.action}"`);
            const contextFile = (0,node_path__WEBPACK_IMPORTED_MODULE_8__.join)(work, `context-${i}.json`);
            (0,node_fs__WEBPACK_IMPORTED_MODULE_6__.writeFileSync)(contextFile, JSON.stringify(c.context));
            const platform = (0,_platform_index_js__WEBPACK_IMPORTED_MODULE_3__/* .createPlatform */ .Q)('local', env, { flags: c.inputs ?? {}, write: () => { } });
            const { decision } = await (0,_run_js__WEBPACK_IMPORTED_MODULE_5__/* .runAction */ .C)(platform, env, {
                action: c.action,
                command: 'run',
                policy,
                environment: c.environment,
                ...(c.mode ? { mode: c.mode } : {}),
                ...(c.at ? { at: c.at } : {}),
                contextFile,
                format: 'text',
                color: false,
                verbose: false,
                debug: false,
                quiet: true,
            });
            const got = [...new Set(decision.violations.map((v) => v.rule))].sort();
            const want = c.expect.rules ? [...new Set(c.expect.rules)].sort() : undefined;
            const ok = decision.decision === c.expect.decision && (want === undefined || JSON.stringify(got) === JSON.stringify(want));
            if (ok) {
                (0,_platform_stdio_js__WEBPACK_IMPORTED_MODULE_4__/* .writeStd */ .L)(1, `PASS  ${c.name}\n`);
                continue;
            }
            failed++;
            (0,_platform_stdio_js__WEBPACK_IMPORTED_MODULE_4__/* .writeStd */ .L)(1, `FAIL  ${c.name}\n`);
            (0,_platform_stdio_js__WEBPACK_IMPORTED_MODULE_4__/* .writeStd */ .L)(1, `  - expected: ${c.expect.decision}${want ? ` [${want.join(', ')}]` : ''}\n`);
            (0,_platform_stdio_js__WEBPACK_IMPORTED_MODULE_4__/* .writeStd */ .L)(1, `  + actual:   ${decision.decision} [${got.join(', ')}]\n`);
            for (const v of decision.violations)
                (0,_platform_stdio_js__WEBPACK_IMPORTED_MODULE_4__/* .writeStd */ .L)(1, `      ${v.rule}: ${v.message}\n`);
        }
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_6__.rmSync)(work, { recursive: true, force: true });
    }
    const total = parsed.data.cases.length;
    (0,_platform_stdio_js__WEBPACK_IMPORTED_MODULE_4__/* .writeStd */ .L)(1, `${total - failed} passed, ${failed} failed\n`);
    return failed === 0 ? 0 : 1;
}


/***/ })

};
