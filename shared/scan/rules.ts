/**
 * Built-in credential rules. Patterns follow the provider formats gitleaks documents (ids kept
 * compatible so users' gitleaks allowlists and habits carry over), rewritten for JavaScript's
 * regex engine and for a keyword-first scan: every rule names lowercase keywords, and a line that
 * holds none of them never reaches the rule's regex.
 */
import { shannonEntropy } from './util.js';

export type FindingKind = 'credential' | 'ci-config';

export interface Allowlist {
  description?: string;
  /** OR: any listed criterion suppresses; AND: every listed criterion must hold. */
  condition: 'OR' | 'AND';
  paths: RegExp[];
  regexes: RegExp[];
  regexTarget: 'secret' | 'match' | 'line';
  stopwords: string[];
  /** Only for these rule ids (global allowlists only). */
  targetRules?: string[];
}

export interface ScanRule {
  id: string;
  description: string;
  /** Lowercase literals; at least one occurs in every match. Empty: the rule runs over whole files. */
  keywords: string[];
  /** Global regex. Absent only for path-only rules (the file itself is the finding). */
  regex?: RegExp;
  /** Capture group holding the secret; default: the first non-empty group, else the whole match. */
  secretGroup?: number;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  entropy?: number;
  /** The rule applies only to files whose repository path matches. */
  path?: RegExp;
  /** Matches span lines (key blocks): evaluated from the keyword's line onwards. */
  multiline?: boolean;
  /** Extra check of a candidate secret; false drops it. `name` is the identifier the match starts in. */
  validate?: (secret: string, match: string, name: string) => boolean;
  /** Normalises the secret before checks and redaction (e.g. a key block's body). */
  extract?: (secret: string) => string;
  allowlists?: Allowlist[];
  /** SARIF `security-severity` (0.0–10.0). */
  severity: number;
  kind: FindingKind;
  source: 'builtin' | 'gitleaks-config';
  /** A weaker, name-based rule: dropped where a provider rule found the same secret. */
  generic?: boolean;
}

/** Values that are obviously not secrets: placeholders, templates, references. */
const PLACEHOLDER =
  /^(?:x+|\*+|\.+|-+|_+|#+|0+|(?:abc|123|qwe|aaa)\w*|changeme|change_?it|password\d*|secret\d*|null|nil|none|undefined|true|false|redacted|todo|tbd)$/i;
const PLACEHOLDER_PART = /example|placeholder|dummy|changeme|change_me|xxxxx|\*\*\*|your[_-]|insert[_-]|replace[_-]?me|<[^>]*>|fake|sample|notreal|not_real/i;
/** Name parts that make a secret-like name not a secret: csrf tokens, token types, key ids, URLs… */
const BENIGN_NAME =
  /csrf|xsrf|public|publishable|tokeniz|(?:url|uri|endpoint|path|file|filename|name|names|type|types|length|len|size|count|min|max|field|label|placeholder|pattern|regex|header|prefix|format|id|ids|kind|mode|policy|expiry|expires|expiration|ttl|hash|digest|env|var|ref|input)$/i;

function notPlaceholder(secret: string): boolean {
  return !PLACEHOLDER.test(secret) && !PLACEHOLDER_PART.test(secret);
}

/** Entropy floor for the name-based rule: 3.5 bits, scaled down for short values (8 chars: 2.4). */
export function genericEntropyFloor(len: number, threshold = 3.5): number {
  return Math.min(threshold, 0.8 * Math.log2(Math.max(2, len)));
}

// `==`/`===` count as one operator: `password === "S3cr3t!x9"` holds a literal credential as much as
// an assignment does, and minified code's `"secret"===a.type` compares against `a.type`, not `==a.type`.
const ASSIGN = String.raw`["'\x60]?[ \t]{0,3}(?::=|=>|\?=|={1,3}(?!=)|:)[ \t]{0,5}(["'\x60]?)`;
const VALUE_END = String.raw`(?=$|[\s"'\x60;,)\]}>\\])`;

/**
 * A letters-only value that reads as a word or identifier (changeme, DB_PASSWORD, getConfigValue).
 * A long one whose case flips like random text (kQzpWmRtXvBnLcYsHd) is a key that happens to
 * have no digit, and stays a finding.
 */
export function wordLike(value: string): boolean {
  if (!/^[A-Za-z_.-]+$/.test(value)) return false;
  const flips = value.match(/[a-z](?=[A-Z])|[A-Z](?=[a-z])/g)?.length ?? 0;
  return value.length < 16 || flips <= value.length / 4;
}

function genericValidate(entropyThreshold: number) {
  return (secret: string, _match: string, name: string): boolean => {
    if (!notPlaceholder(secret)) return false;
    if (wordLike(secret)) return false; // identifiers, words
    // Paths of words (`secrets: secret/ci/app password | DB_PASSWORD`, the vault-action line format).
    // Paths with digits stay findings: a password may look like `hunter2/x9`.
    if (/^\/?(?:[A-Za-z_.-]+\/)+[A-Za-z_.-]+\/?$/.test(secret)) return false;
    if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(secret)) return false; // member expressions
    if (/^\d+(?:\.\d+)*$/.test(secret)) return false; // numbers, versions
    if (/^(?:sha\d+|md5)[-:]/i.test(secret)) return false; // integrity digests
    if (BENIGN_NAME.test(name)) return false;
    return shannonEntropy(secret) >= genericEntropyFloor(secret.length, entropyThreshold);
  };
}

function jwtValidate(secret: string): boolean {
  const header = secret.slice(0, secret.indexOf('.'));
  try {
    const json = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as unknown;
    return typeof json === 'object' && json !== null && ('alg' in json || 'typ' in json);
  } catch {
    return false;
  }
}

function keyBody(block: string): string {
  return block
    .replace(/^(?:[A-Za-z-]+:[^\n]*(?:\n|\\n))+/, '') // PEM headers (Proc-Type, DEK-Info)
    .replace(/["']\s*\+\s*["']/g, '') // "…" + "…" joins of a key split across string literals
    .replace(/\\[nr]|["',\s]/g, ''); // '+' is a base64 character: only the joins above are dropped
}

const T = 'credential' as const;
const B = 'builtin' as const;

function provider(
  id: string,
  description: string,
  keywords: string[],
  regex: RegExp,
  opts: Partial<ScanRule> = {},
): ScanRule {
  return { id, description, keywords, regex, severity: 8, kind: T, source: B, ...opts };
}

export function builtinRules(options: { genericEntropy?: number } = {}): ScanRule[] {
  const genericEntropy = options.genericEntropy ?? 3.5;
  return [
    provider('aws-access-token', 'AWS access key id', ['akia', 'asia', 'abia', 'acca', 'a3t'], /\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/g, {
      entropy: 3,
      severity: 9,
      validate: (s) => !s.endsWith('EXAMPLE'),
    }),
    provider(
      'aws-secret-access-key',
      'AWS secret access key',
      ['secret'],
      new RegExp(String.raw`(?:aws[\w.-]{0,20}?secret|secret[_.-]?access[_.-]?key)[\w.-]{0,20}?${ASSIGN}([A-Za-z0-9/+]{40})\1(?![A-Za-z0-9/+=])`, 'gi'),
      { secretGroup: 2, entropy: 4, severity: 9, validate: (s) => notPlaceholder(s) && !/EXAMPLE/.test(s) },
    ),
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
    provider(
      'azure-storage-account-key',
      'Azure storage account or shared access key in a connection string',
      ['accountkey=', 'sharedaccesskey='],
      /(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{86}==|[A-Za-z0-9+/]{43}=)/gi,
      { entropy: 4, severity: 9 },
    ),
    provider('azure-ad-client-secret', 'Azure AD (Entra ID) client secret', ['q~'], /(?:^|[\\'"\x60\s>=:(,)])([a-zA-Z0-9_~.]{3}\dQ~[a-zA-Z0-9_~.-]{31,34})(?=$|[\\'"\x60\s<),])/g, {
      entropy: 3,
      severity: 9,
    }),
    provider(
      'azure-client-secret',
      'Azure client secret under a secret-like name',
      ['secret'],
      new RegExp(String.raw`(?:azure[\w.-]{0,20}?|client)[_.-]?secret[\w.-]{0,20}?${ASSIGN}([\w.~-]{30,44})\1${VALUE_END}`, 'gi'),
      { secretGroup: 2, entropy: 3.5, severity: 8.5, validate: (s) => notPlaceholder(s) && !/^[A-Za-z_.-]+$/.test(s) },
    ),
    provider(
      'private-key',
      'Private key block',
      ['-----begin'],
      /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----([\s\S]{64,}?)-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----/g,
      {
        multiline: true,
        severity: 9,
        extract: keyBody,
        validate: (s) => s.length >= 64 && /^[A-Za-z0-9+/=]+$/.test(s) && shannonEntropy(s) >= 4,
      },
    ),
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
      regex: new RegExp(
        String.raw`(?:passw(?:or)?d|pwd|secret|token|api[_.-]?key|access[_.-]?key|auth[_.-]?key|credentials?|creds|private[_.-]?key)[\w.-]{0,20}?${ASSIGN}([\w.=+/~@#%^*!&-]{8,200})\1${VALUE_END}`,
        'gi',
      ),
      secretGroup: 2,
      validate: genericValidate(genericEntropy),
      severity: 7,
      kind: T,
      source: B,
      generic: true,
    },
  ];
}
