// Labelled credential corpus, generated at run time with random bodies (nothing real-looking is
// committed). Shared by the scan tests and bench/require-vault-secrets.bench.mjs.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64 = ALNUM + '+/';
const WORD = ALNUM + '_';
const WORD_DASH = ALNUM + '_-';
const HEX = '0123456789abcdef';
const DIGITS = '0123456789';

const PLACEHOLDER_LOOK = /^(?:abc|123|qwe|aaa)|example|placeholder|dummy|changeme|xxxxx|fake|sample|notreal/i;

/** Random string over an alphabet; guarantees a digit and a letter when the alphabet has both. */
export function rand(alphabet, n) {
  for (;;) {
    const bytes = randomBytes(n * 2);
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[((bytes[2 * i] << 8) | bytes[2 * i + 1]) % alphabet.length];
    const needDigit = /\d/.test(alphabet) && /[A-Za-z]/.test(alphabet) && n >= 8;
    // A planted key must be unmistakable: random text that happens to read "dUmMy" or start
    // "aaa" is skipped by scanners as a placeholder (about 1 in 15,000 draws of 32).
    if (PLACEHOLDER_LOOK.test(s)) continue;
    if (!needDigit || (/\d/.test(s) && /[A-Za-z]/.test(s))) return s;
  }
}

/**
 * A password of n distinct characters (and a digit and a letter): unmistakably random. Plain
 * draws of 18 characters repeat enough, about once in 2,000, to fall under the entropy floor
 * every entropy-based scanner has, which made a planted positive a coin toss.
 */
export function password(alphabet, n) {
  for (;;) {
    const pool = [...alphabet];
    const bytes = randomBytes(n * 2);
    let s = '';
    for (let i = 0; i < n; i++) s += pool.splice(((bytes[2 * i] << 8) | bytes[2 * i + 1]) % pool.length, 1)[0];
    if (/\d/.test(s) && /[A-Za-z]/.test(s)) return s;
  }
}

const b64url = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64url');

function privateKeyBlock() {
  const body = randomBytes(600).toString('base64').match(/.{1,64}/g).join('\n');
  return { secret: body.replace(/\n/g, ''), text: `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----` };
}

/**
 * Every kind of planted credential: `make()` returns { secret, line } where `line` is the text to
 * plant and `secret` the value that must never appear in any output. `decoys` are lines that look
 * alike but are not credentials (placeholders, references, test keys, low entropy).
 */
export const KINDS = [
  { rule: 'aws-access-token', make: () => { const s = 'AKIA' + rand(UPPER_B32, 16); return { secret: s, line: `aws_access_key_id = ${s}` }; },
    decoys: ['aws_access_key_id = AKIAIOSFODNN7EXAMPLE', 'key_id = AKIAAAAAAAAAAAAAAAAA'] },
  { rule: 'aws-secret-access-key', make: () => { const s = rand(B64, 40); return { secret: s, line: `aws_secret_access_key = ${s}` }; },
    decoys: ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}'] },
  { rule: 'github-pat', make: () => { const s = 'ghp_' + rand(ALNUM, 36); return { secret: s, line: `GH_TOKEN=${s}` }; },
    decoys: ['GH_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'prefix "ghp_" marks classic tokens'] },
  { rule: 'github-fine-grained-pat', make: () => { const s = 'github_pat_' + rand(ALNUM, 22) + '_' + rand(ALNUM, 59); return { secret: s, line: `token: "${s}"` }; },
    decoys: ['token: "github_pat_<your token here>"'] },
  { rule: 'github-oauth', make: () => { const s = 'gho_' + rand(ALNUM, 36); return { secret: s, line: `oauth = '${s}'` }; },
    decoys: ["oauth = 'gho_000000000000000000000000000000000000'"] },
  { rule: 'github-app-token', make: () => { const s = 'ghs_' + rand(ALNUM, 36); return { secret: s, line: `installation_token: ${s}` }; },
    decoys: ['installation_token: ${{ steps.app.outputs.token }}'] },
  { rule: 'github-refresh-token', make: () => { const s = 'ghr_' + rand(ALNUM, 36); return { secret: s, line: `refresh=${s}` }; },
    decoys: ['refresh=ghr_'] },
  { rule: 'gitlab-pat', make: () => { const s = 'glpat-' + rand(WORD_DASH, 20); return { secret: s, line: `GITLAB_TOKEN: ${s}` }; },
    decoys: ['GITLAB_TOKEN: glpat-xxxxxxxxxxxxxxxxxxxx', 'GITLAB_TOKEN: $CI_JOB_TOKEN'] },
  { rule: 'gitlab-deploy-token', make: () => { const s = 'gldt-' + rand(ALNUM, 20); return { secret: s, line: `deploy ${s}` }; },
    decoys: ['deploy gldt-aaaaaaaaaaaaaaaaaaaa'] },
  { rule: 'gitlab-runner-authentication-token', make: () => { const s = 'glrt-' + rand(ALNUM, 20); return { secret: s, line: `token = "${s}"` }; },
    decoys: ['token = "glrt-REPLACE_ME"'] },
  { rule: 'gitlab-ptt', make: () => { const s = 'glptt-' + rand(HEX, 40); return { secret: s, line: `curl -F token=${s} https://gitlab.example/api/v4/projects/1/trigger/pipeline` }; },
    decoys: ['curl -F token=$TRIGGER_TOKEN https://gitlab.example/api/v4/projects/1/trigger/pipeline'] },
  { rule: 'npm-access-token', make: () => { const s = 'npm_' + rand(ALNUM, 36); return { secret: s, line: `//registry.npmjs.org/:_authToken=${s}` }; },
    decoys: ['//registry.npmjs.org/:_authToken=${NPM_TOKEN}', 'npm_config_registry=https://registry.npmjs.org/'] },
  { rule: 'pypi-upload-token', make: () => { const s = 'pypi-AgEIcHlwaS5vcmc' + rand(WORD_DASH, 60); return { secret: s, line: `password = ${s}` }; },
    decoys: ['password = pypi-<token>'] },
  { rule: 'slack-token', make: () => { const s = `xoxb-${rand(DIGITS, 12)}-${rand(DIGITS, 12)}-${rand(ALNUM, 24)}`; return { secret: s, line: `SLACK_BOT_TOKEN=${s}` }; },
    decoys: ['SLACK_BOT_TOKEN=xoxb-your-bot-token-here'] },
  { rule: 'slack-webhook-url', make: () => { const s = `T${rand(ALNUM.slice(0, 26) + DIGITS, 8)}/B${rand(ALNUM.slice(0, 26) + DIGITS, 8)}/${rand(ALNUM, 24)}`; return { secret: s, line: `webhook: https://hooks.slack.com/services/${s}` }; },
    decoys: ['webhook: https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'] },
  { rule: 'stripe-access-token', make: () => { const s = 'sk_live_' + rand(ALNUM, 24); return { secret: s, line: `stripe.api_key = "${s}"` }; },
    decoys: ['stripe.api_key = "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"'] },
  { rule: 'gcp-api-key', make: () => { const s = 'AIza' + rand(WORD_DASH, 35); return { secret: s, line: `const GOOGLE_MAPS = "${s}";` }; },
    decoys: ['const GOOGLE_MAPS = "AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";'] },
  { rule: 'azure-storage-account-key', make: () => { const s = rand(B64, 86) + '=='; return { secret: s, line: `AZURE_STORAGE=DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${s};EndpointSuffix=core.windows.net` }; },
    decoys: ['AZURE_STORAGE=UseDevelopmentStorage=true', 'AccountKey=<storage-account-key>'] },
  { rule: 'azure-ad-client-secret', make: () => { const s = rand(ALNUM, 3) + '8Q~' + rand(ALNUM + '_~.-', 34); return { secret: s, line: `"clientSecret": "${s}"` }; },
    decoys: ['"clientSecret": "${AZURE_CLIENT_SECRET}"'] },
  { rule: 'azure-client-secret', make: () => { const s = rand(ALNUM, 40); return { secret: s, line: `AZURE_CLIENT_SECRET=${s}` }; },
    decoys: ['AZURE_CLIENT_SECRET=$AZURE_CLIENT_SECRET', 'client_secret_name = azure-client-secret-name'] },
  { rule: 'private-key', make: () => { const k = privateKeyBlock(); return { secret: k.secret, line: k.text }; },
    decoys: ['-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----', '-----BEGIN PUBLIC KEY-----'] },
  { rule: 'jwt', make: () => { const s = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: rand(ALNUM, 12), iat: 1700000000, role: 'deployer' })}.${rand(WORD_DASH, 43)}`; return { secret: s, line: `Authorization: Bearer ${s}` }; },
    decoys: ['Authorization: Bearer ${TOKEN}', 'eyJustAWordThatIsLong.eyJustAnotherLongWord.notASignatureAtAll'] },
  { rule: 'generic-api-key', make: () => { const s = password(ALNUM + '!@#%^*', 18); return { secret: s, line: `DB_PASSWORD="${s}"` }; },
    decoys: ['DB_PASSWORD="${{ secrets.DB_PASSWORD }}"', 'password: changeme', 'const token = process.env.API_TOKEN;', 'api_key = "<your-api-key>"', 'csrf_token = "a8f5f167f44f4964e6c998dee827110c"', 'password = getPassword()'] },
  { rule: 'generic-api-key', make: () => { const s = rand(ALNUM, 32); return { secret: s, line: `  api_key: ${s}` }; },
    decoys: ['  api_key: ${API_KEY}', '  token_url: https://auth.example.com/token'] },
];

/**
 * Writes a corpus under dir: pos/<n>-<rule>.txt each holding one planted credential on line 3,
 * neg/<n>-<rule>.txt holding decoys. Returns the labels (secrets included, for leak checks).
 */
export function writeCorpus(dir, copies = 1) {
  mkdirSync(join(dir, 'pos'), { recursive: true });
  mkdirSync(join(dir, 'neg'), { recursive: true });
  const positives = [];
  const negatives = [];
  let n = 0;
  for (let c = 0; c < copies; c++) {
    for (const kind of KINDS) {
      const { secret, line } = kind.make();
      const file = `pos/${String(n).padStart(3, '0')}-${kind.rule}.txt`;
      writeFileSync(join(dir, file), `# fixture ${n}\nsettings:\n${line}\nend\n`);
      positives.push({ rule: kind.rule, file, line: 3, secret });
      const dfile = `neg/${String(n).padStart(3, '0')}-${kind.rule}.txt`;
      writeFileSync(join(dir, dfile), `# decoys ${n}\n${kind.decoys.join('\n')}\n`);
      negatives.push({ rule: kind.rule, file: dfile });
      n++;
    }
  }
  return { positives, negatives };
}
