/** The result model every action and every report shares. Reporters never choose exit codes. */
export type ActionName = 'verify-trigger' | 'require-vault-secrets' | 'ip-guard' | 'security-gate' | 'sign-artifact';
export type Mode = 'enforce' | 'audit';

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** One rule evaluated: what was seen, what was required, and where the rule lives. */
export interface CheckResult {
  /** Stable rule id, e.g. `trigger.refs`. */
  rule: string;
  status: 'pass' | 'fail' | 'skip';
  message: string;
  seen?: unknown;
  required?: unknown;
  /** Key path of the rule in the policy, e.g. `environments.production.trigger.refs`. */
  policyPath?: string;
  location?: SourceLocation;
  /** File and line in the repository the finding is about (scans, SARIF). */
  subject?: { file: string; line?: number };
}

export type Violation = CheckResult & { status: 'fail' };

export interface PolicyProvenance {
  /** `file:PATH`, `github:OWNER/REPO@REF:PATH`, …: where the policy that judged the run came from. */
  source: string;
  sha256: string;
}

export interface Decision {
  action: ActionName;
  decision: 'allow' | 'deny';
  environment: string;
  mode: Mode;
  policy: PolicyProvenance;
  violations: Violation[];
  checks: CheckResult[];
  notes: string[];
  /** Action-specific, non-secret facts for outputs and reports (digests, addresses seen, counts). */
  details?: Record<string, unknown>;
}

export function isViolation(c: CheckResult): c is Violation {
  return c.status === 'fail';
}

/** Any failed check denies. No checks at all is not an allow either: nothing was verified. */
export function decide(checks: CheckResult[]): 'allow' | 'deny' {
  if (checks.length === 0) return 'deny';
  return checks.some(isViolation) ? 'deny' : 'allow';
}
