import type { ActionModule, ActionOutcome, ActionRequest } from './types.js';
import { gateChecks } from '../checks/gate.js';
import { gatherGateFacts, readGateInputs } from '../gate/run.js';
import { codeQuality, gateSummary } from '../gate/report.js';
import { waiverState } from '../sarif/match.js';

async function run(req: ActionRequest): Promise<ActionOutcome> {
  // No gate section means the policy says nothing this step could verify: deny, never allow by default.
  if (!req.constraints.gate) {
    return { checks: [{ rule: 'gate.missing', status: 'fail', message: `environment ${req.environment} has no gate section, so no security control can be verified`, ...req.ruleSource(['gate']) }] };
  }
  const gate = req.constraints.gate;
  const inputs = readGateInputs(req.platform);
  const facts = await gatherGateFacts(req.platform, req.context, gate, inputs, req.now);
  const checks = gateChecks(gate, facts, req.now, req.ruleSource, { maxAnnotations: inputs.maxAnnotations });

  const notes: string[] = [];
  (gate.waivers ?? []).forEach((w) => {
    const { state, daysLeft } = waiverState(w.until, req.now);
    if (state === 'expired') notes.push(`waiver for ${w.rule}${w.path ? ` (${w.path})` : ''} expired on ${w.until}: it no longer applies`);
    else if (state === 'expiring') notes.push(`waiver for ${w.rule}${w.path ? ` (${w.path})` : ''} expires in ${daysLeft} day(s) (${w.until})`);
  });
  const s = facts.sarif;
  if (s && s.invalid.length > 0) notes.push(`${s.invalid.length} SARIF file(s) are invalid and were not counted; the gate denies until they are fixed`);

  const outcome: ActionOutcome = { checks, notes, summary: gateSummary(req.context, gate, facts, req.now) };
  const outputs: Record<string, string> = {};
  if (s) {
    outputs['findings'] = String(s.totals.counted.total);
    outputs['new-findings'] = String(s.baseline.new);
    outputs['fixed-findings'] = String(s.baseline.fixed);
    outputs['sarif-files'] = String(s.files.length);
    outcome.artifacts = [{ kind: 'codequality', content: codeQuality(s) }];
  }
  outcome.outputs = outputs;
  outcome.details = {
    sarif: s
      ? {
          files: s.files,
          invalid: s.invalid,
          inputProblems: s.inputProblems,
          totals: s.totals,
          tools: s.tools,
          waivers: s.waivers,
          baseline: s.baseline,
          newestAnalysis: s.newestAnalysis ?? null,
          topFindings: s.findings.filter((f) => f.status === 'counted').slice(0, 50),
          findingsKept: s.findings.length,
        }
      : null,
    requiredChecks: facts.requiredChecks ?? null,
    scanAge: facts.scanAge ?? null,
  };
  return outcome;
}

const securityGate: ActionModule = {
  name: 'security-gate',
  description: 'Block the pipeline when security controls fail: SARIF findings over thresholds (with baselines and expiring waivers), required checks not green, scans too old.',
  inputs: [
    { name: 'sarif', description: 'SARIF 2.1.0 files, globs or directories (every *.sarif / *.sarif.json below), separated by newlines or commas. Invalid SARIF denies.' },
    { name: 'baseline', description: 'Baseline SARIF file(s), globs or directories: only findings not in the baseline count; the summary reports new / unchanged / fixed.' },
    { name: 'github-token', description: 'Token for the GitHub API: check runs and commit statuses (checks: read, statuses: read) and code-scanning analyses (security-events: read).' },
    { name: 'gitlab-token', description: 'Token with read_api for the GitLab API: pipeline jobs and commit statuses for gate.required-checks.' },
    { name: 'wait-for-checks', description: 'How long to wait for pending required checks, e.g. "5m"; "0s" looks once.', default: '5m' },
    { name: 'poll-interval', description: 'How often to look again while required checks are pending.', default: '10s' },
    { name: 'max-annotations', description: 'Most findings reported one by one (each an annotation); the rest are summarised in one line.', default: '10' },
  ],
  commands: { run },
};

export default securityGate;
