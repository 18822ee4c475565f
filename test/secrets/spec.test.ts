import fc from 'fast-check';
import { ConfigError } from '../../shared/errors.js';
import { parseSecretsSpec, defaultName } from '../../shared/vault/spec.js';
import { v2DataPath } from '../../shared/vault/kv.js';

describe('vault-action lines', () => {
  it.each([
    ['secret/data/ci/aws accessKey | AWS_ACCESS_KEY_ID', [{ path: 'secret/data/ci/aws', key: 'accessKey', name: 'AWS_ACCESS_KEY_ID' }]],
    ['secret/ci/aws accessKey', [{ path: 'secret/ci/aws', key: 'accessKey', name: 'ACCESSKEY' }]],
    ['secret/ci/app api-key', [{ path: 'secret/ci/app', key: 'api-key', name: 'API_KEY' }]],
    ['secret/ci/app * | APP_', [{ path: 'secret/ci/app', key: '*', name: 'APP_' }]],
    ['secret/ci/app | APP_JSON', [{ path: 'secret/ci/app', name: 'APP_JSON' }]],
    ['/secret/ci/app/ password | P ;', [{ path: 'secret/ci/app', key: 'password', name: 'P' }]],
    ['a/b k1 | A ; a/b k2 | B\n# comment\n\n c/d k | C;', [
      { path: 'a/b', key: 'k1', name: 'A' },
      { path: 'a/b', key: 'k2', name: 'B' },
      { path: 'c/d', key: 'k', name: 'C' },
    ]],
  ])('%j', (text, want) => {
    expect(parseSecretsSpec(text).map(({ source: _s, ...r }) => r)).toEqual(want);
  });

  it.each([
    ['a/b k | X | Y', /more than one/],
    ['a/b k extra | X', /not "path key \| NAME"/],
    ['a/b', /neither a key nor a variable/],
    ['a/b k |', /empty name/],
    ['a/../b k | X', /not a valid Vault path/],
    ['a/b?x=1 k | X', /not a valid Vault path/],
    ['a/b k | 1X', /not a valid variable name/],
    ['a/b k | LD_PRELOAD', /reserved/],
    ['a/b k | NODE_OPTIONS', /reserved/],
    ['a/b k | GITHUB_ENV', /reserved/],
    ['a/b k | VAULT_TOKEN', /reserved/],
    ['a/b k | X; c/d k | X', /exports X, which/],
  ])('%j is a config error', (text, message) => {
    expect(() => parseSecretsSpec(text)).toThrow(ConfigError);
    expect(() => parseSecretsSpec(text)).toThrow(message);
  });
});

describe('YAML mapping', () => {
  it('strings and mappings', () => {
    const got = parseSecretsSpec(`
DB_PASSWORD: secret/ci/db#password
CONFIG: secret/ci/config
TLS_KEY: { path: secret/ci/tls, key: key, kv: 2, file: true }
TOKEN: { path: kv1/ci/app, key: token, output: true }
ALL_: { path: secret/ci/app, key: "*" }
`);
    expect(got.map(({ source: _s, ...r }) => r)).toEqual([
      { name: 'DB_PASSWORD', path: 'secret/ci/db', key: 'password' },
      { name: 'CONFIG', path: 'secret/ci/config' },
      { name: 'TLS_KEY', path: 'secret/ci/tls', key: 'key', kv: 2, file: true },
      { name: 'TOKEN', path: 'kv1/ci/app', key: 'token', output: true },
      { name: 'ALL_', path: 'secret/ci/app', key: '*' },
    ]);
  });

  it.each([
    ['X: { path: a/b, kv: 3 }', /kv must be 1 or 2/],
    ['X: { path: a/b, nope: 1 }', /unknown field/],
    ['X: { key: k }', /path is required/],
    ['X: [a, b]', /must be "path#key"/],
    ['X: "a/b#"', /empty key/],
    ['X: { path: a/b, file: "yes" }', /file must be true or false/],
    ['PATH: a/b#k', /reserved/],
    ['X: { path: a/b, key: "*", file: true }', /cannot be combined/],
    ['X: a/b#k\nX_FILE: { path: a/b, key: j }\nX2: { path: c/d, key: k, file: true }\nX2_FILE: c/d#z', /exports X2_FILE/],
  ])('%j is a config error', (text, message) => {
    expect(() => parseSecretsSpec(text)).toThrow(message);
  });
});

describe('properties', () => {
  const seg = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,8}$/);
  const name = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,10}$/).filter((n) => !/^(PATH|HOME|SHELL|IFS|ENV|GITHUB_|RUNNER_|ACTIONS_|CI_|GITLAB_|CIRCLE_|INPUT_|STATE_|VAULT_)/.test(n));
  it('lines round-trip: what is written is what is parsed', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.array(seg, { minLength: 1, maxLength: 4 }), seg, name), { selector: (t) => t[2], minLength: 1, maxLength: 6 }), (entries) => {
        const text = entries.map(([p, k, n]) => `${p.join('/')} ${k} | ${n}`).join(';\n');
        const got = parseSecretsSpec(text);
        expect(got.map((r) => [r.path, r.key, r.name])).toEqual(entries.map(([p, k, n]) => [p.join('/'), k, n]));
      }),
    );
  });

  it('arbitrary text either parses into valid names and paths or is a ConfigError, never anything else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (text) => {
        try {
          for (const r of parseSecretsSpec(text)) {
            expect(r.path).not.toMatch(/(^|\/)\.\.(\/|$)/);
            expect(r.path).not.toMatch(/[?#\s]/);
            if (r.key !== '*') expect(r.name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
          }
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('defaultName gives a valid variable name for keys that start with a letter', () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-z][a-z0-9.-]{0,12}$/), (k) => expect(defaultName(k)).toMatch(/^[A-Z][A-Z0-9_]*$/)));
  });
});

describe('KV v2 data path', () => {
  it.each([
    ['secret', 'secret/ci/app', 'secret/data/ci/app'],
    ['secret', 'secret/data/ci/app', 'secret/data/ci/app'],
    ['team/kv', 'team/kv/app', 'team/kv/data/app'],
  ])('%s + %s → %s', (mount, path, want) => expect(v2DataPath(mount, path)).toBe(want));
});
