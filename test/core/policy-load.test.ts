import { loadPolicyText, PolicyInvalidError, MAX_POLICY_BYTES } from '../../shared/policy/load.js';
import { checkReferences, resolveEnvironment, ruleSourceFor } from '../../shared/policy/resolve.js';
import { ConfigError } from '../../shared/errors.js';

const VALID = `version: 1
roles:
  maintainers:
    users: [octocat]
    teams: [acme/release-managers]
    permission: maintain
environments:
  staging:
    trigger:
      events: [push, pull_request]
      refs: ["refs/heads/*"]
      forks: deny
  production:
    extends: staging
    trigger:
      refs: [refs/heads/main, "refs/tags/v*"]
      actors: [maintainers]
      freeze:
        - { name: weekend, days: [fri, sat, sun], from: "16:00", to: "23:59", timezone: Europe/Berlin }
        - { name: year-end, from: "2026-12-20T00:00:00Z", to: "2027-01-04T00:00:00Z" }
    secrets:
      vault: { address: "https://vault.example", auth: { method: jwt, role: deploy-prod }, max-ttl: 15m }
      static-allowed: [GITHUB_TOKEN]
    network:
      allow: [203.0.113.0/24, "2001:db8::/48"]
      egress: ["api.github.com:443"]
    gate:
      sarif: { max: { critical: 0, high: 0, medium: 5, error: 0 } }
      required-checks: [build, test]
      max-scan-age: 24h
      waivers:
        - { rule: js/xss, path: "src/legacy/**", until: "2027-01-31", reason: "tracked in #123" }
    artifacts: { signature: required, reproducible: required }
`;

function problemsOf(text: string): PolicyInvalidError {
  try {
    const loaded = loadPolicyText(text, 'p.yml');
    checkReferences(loaded);
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyInvalidError);
    return err as PolicyInvalidError;
  }
  throw new Error('expected the policy to be refused');
}

describe('policy loader', () => {
  it('accepts the full v1 example and records its sha256', () => {
    const loaded = loadPolicyText(VALID, 'p.yml');
    checkReferences(loaded);
    expect(Object.keys(loaded.policy.environments)).toEqual(['staging', 'production']);
    expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('resolves extends key by key: mappings merge, lists replace', () => {
    const { policy } = loadPolicyText(VALID, 'p.yml');
    const prod = resolveEnvironment(policy, 'production');
    expect(prod.trigger?.events).toEqual(['push', 'pull_request']); // inherited
    expect(prod.trigger?.forks).toBe('deny'); // inherited
    expect(prod.trigger?.refs).toEqual(['refs/heads/main', 'refs/tags/v*']); // replaced
    expect(resolveEnvironment(policy, 'staging').trigger?.refs).toEqual(['refs/heads/*']);
  });

  it('locates a rule in the environment of the extends chain that sets it', () => {
    const loaded = loadPolicyText(VALID, 'p.yml');
    const where = ruleSourceFor(loaded, 'production');
    expect(where(['trigger', 'forks'])).toEqual({ policyPath: 'environments.staging.trigger.forks', location: { file: 'p.yml', line: 12, column: 14 } });
    expect(where(['trigger', 'refs']).policyPath).toBe('environments.production.trigger.refs');
  });

  it.each([
    ['an unknown key, with a did-you-mean and its line', 'version: 1\nenvironments:\n  prod:\n    triger: {}\n', /p\.yml:4:5: environments\.prod\.triger: unknown key "triger" — did you mean "trigger"\?/],
    ['a wrong type', 'version: 1\nenvironments:\n  prod:\n    trigger:\n      events: push\n', /p\.yml:5:15: environments\.prod\.trigger\.events: expected array, got string/],
    ['a wrong enum value', 'version: 1\nenvironments:\n  prod:\n    trigger: { forks: maybe }\n', /trigger\.forks: expected one of "deny", "allow"/],
    ['a short ref', 'version: 1\nenvironments:\n  prod:\n    trigger: { refs: [main] }\n', /refs\[0\]: a full ref such as refs\/heads\/main/],
    ['a wrong version', 'version: 2\nenvironments: {}\n', /version: /],
    ['a duplicate key', 'version: 1\nversion: 1\nenvironments: {}\n', /p\.yml:2:1: duplicate key/],
    ['an explicit YAML tag', 'version: 1\nenvironments:\n  a: !!js/function "x"\n', /YAML tag .* is not allowed/],
    ['a custom tag', 'version: 1\nenvironments: !custom {}\n', /YAML tag !custom is not allowed/],
    ['malformed YAML', 'version: 1\nenvironments: [\n', /p\.yml:\d+:\d+/],
    ['an unknown role', 'version: 1\nenvironments:\n  prod:\n    trigger: { actors: [maintainer] }\nroles:\n  maintainers: { users: [a] }\n', /unknown role "maintainer" — did you mean "maintainers"\?/],
    ['an unknown extends target', 'version: 1\nenvironments:\n  staging: {}\n  prod: { extends: stagin }\n', /extends unknown environment "stagin" — did you mean "staging"\?/],
    ['an extends cycle', 'version: 1\nenvironments:\n  a: { extends: b }\n  b: { extends: a }\n', /extends cycle: a -> b -> a/],
    ['a bad duration', 'version: 1\nenvironments:\n  p: { gate: { max-scan-age: 1day } }\n', /a duration like/],
    ['a bad freeze time', 'version: 1\nenvironments:\n  p: { trigger: { freeze: [{ name: x, days: [mon], from: "25:00", to: "10:00" }] } }\n', /freeze\[0\]/],
  ])('refuses %s', (_what, text, pattern) => {
    const err = problemsOf(text);
    expect(err.code).toBe('policy-invalid');
    expect(err.message).toMatch(pattern);
  });

  it('collects every problem before failing', () => {
    const err = problemsOf('version: 1\nenvironments:\n  p:\n    trigger: { evnts: [push], forks: 1 }\n    gaet: {}\n');
    expect(err.problems.length).toBe(3);
  });

  it('refuses a policy over 1 MiB before parsing it', () => {
    const big = `version: 1\nenvironments: {}\n# ${'x'.repeat(MAX_POLICY_BYTES)}\n`;
    expect(() => loadPolicyText(big, 'big.yml')).toThrow(expect.objectContaining({ code: 'policy-too-large' }));
  });

  it('refuses an alias bomb', () => {
    const lines = ['version: 1', 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    lines.push('environments: {}');
    const started = Date.now();
    expect(() => loadPolicyText(lines.join('\n'), 'bomb.yml')).toThrow(ConfigError);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('names an unknown environment with a did-you-mean', () => {
    const { policy } = loadPolicyText(VALID, 'p.yml');
    expect(() => resolveEnvironment(policy, 'prodution')).toThrow(/environment "prodution" is not defined in the policy — did you mean "production"\?/);
  });
});
