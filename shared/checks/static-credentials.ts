/**
 * `secrets.static`: no literal credential in the repository or its CI config, and no static CI
 * secret a job may use beyond `secrets.static-allowed`. Pure: judges a finished scan.
 */
import type { CheckResult } from '../decision.js';
import type { RuleSource } from '../policy/resolve.js';
import type { ScanResult } from '../scan/index.js';

export const STATIC_RULE = 'secrets.static';
const POLICY_PATH = ['secrets', 'static-allowed'] as const;

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export function staticCredentialChecks(result: ScanResult, ruleSource: RuleSource): CheckResult[] {
  const source = ruleSource(POLICY_PATH);
  const at = (): Pick<CheckResult, 'policyPath' | 'location'> =>
    source.location ? { policyPath: source.policyPath, location: source.location } : { policyPath: source.policyPath };
  const checks: CheckResult[] = [];

  for (const f of result.findings) {
    const where = `${f.file}:${f.line}:${f.column}`;
    const credential = f.kind === 'credential';
    checks.push({
      rule: STATIC_RULE,
      status: 'fail',
      message: credential
        ? `${where}: ${f.description} (${f.rule}) ${f.redacted} — literal credentials must not be in the repository; move it to Vault and revoke it`
        : `${where}: ${f.description} (${f.rule}) — only secrets listed in secrets.static-allowed may come from the CI system`,
      seen: { rule: f.rule, kind: f.kind, file: f.file, line: f.line, column: f.column, ...(credential ? { redacted: f.redacted } : {}) },
      required: credential ? 'no literal credentials in tracked files or CI config' : 'CI secrets limited to secrets.static-allowed; everything else from Vault at run time',
      subject: { file: f.file, line: f.line },
      ...at(),
    });
  }

  const unreadable = result.skipped?.unreadable ?? [];
  for (const file of unreadable) {
    checks.push({
      rule: STATIC_RULE,
      status: 'fail',
      message: `${file}: could not be read, so it was not scanned for credentials — make it readable by the job or remove it`,
      seen: { file, skipped: 'unreadable' },
      required: 'every tracked file scanned',
      subject: { file },
      ...at(),
    });
  }

  if (checks.length === 0) {
    const counts = result.skipped?.counts ?? {};
    const skipped = Object.entries(counts)
      .filter(([, n]) => (n ?? 0) > 0)
      .map(([reason, n]) => `${n} ${reason}`);
    checks.push({
      rule: STATIC_RULE,
      status: 'pass',
      message: `no literal credentials or disallowed CI secrets in ${result.filesScanned} files (${mb(result.bytesScanned)})${
        skipped.length ? `; not scanned: ${skipped.join(', ')}` : ''
      }`,
      seen: { filesScanned: result.filesScanned, bytesScanned: result.bytesScanned, ciConfigs: result.ciConfigs ?? [], skipped: counts },
      required: 'no literal credentials in tracked files or CI config',
      ...at(),
    });
  }
  return checks;
}
