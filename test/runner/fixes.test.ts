// Unit tests for the library fixes the runner tests led to (each also exercised through the bundle).
import { builtinRules } from '../../shared/scan/rules.js';
import { compileRules, scanText } from '../../shared/scan/engine.js';

const compiled = compileRules(builtinRules());
const rulesIn = (line: string) => scanText(`${line}\n`, '.github/workflows/deploy.yml', compiled).map((f) => f.rule);

describe('static scan: a vault-action secrets line in a workflow is not a credential', () => {
  it.each([
    ['          secrets: secret/ci/app password | DB_PASSWORD'],
    ['          secrets: secret/data/ci/aws accessKey | AWS_ACCESS_KEY_ID ;'],
    ['  VAULT_SECRET: kv/data/team-a/app'],
    ['token: /run/secrets/deploy-token'],
  ])('%s → no finding', (line) => {
    expect(rulesIn(line)).toEqual([]);
  });

  it.each([
    ['db_password: hunter2/x9Kq7Lm3'],
    ['secret: wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8mLkey'],
    ['api_key = Zq8/mK2pLx7vN4bR9tW1'],
  ])('%s → still a generic-api-key finding', (line) => {
    expect(rulesIn(line)).toEqual(['generic-api-key']);
  });
});
