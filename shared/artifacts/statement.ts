import type { PipelineContext } from '../context/types.js';
import type { ActionName, Decision } from '../decision.js';
import { ArtifactError } from './errors.js';
import type { Subject } from './subjects.js';
import { MANIFEST_MEDIA_TYPE, type TreeManifest } from './tree.js';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const INTOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
/** Build type of our provenance: the pipeline run described by a PipelineContext. */
export const BUILD_TYPE = 'https://ci-constraints.dev/buildtypes/pipeline/v1';
/** Predicate binding ci-constraints decision reports to the artifacts. */
export const DECISIONS_PREDICATE = 'https://ci-constraints.dev/attestations/decisions/v1';

export interface ResourceDescriptor {
  name?: string;
  uri?: string;
  digest?: Record<string, string>;
  mediaType?: string;
  content?: string;
  annotations?: Record<string, unknown>;
}

export interface Statement<P = unknown> {
  _type: typeof STATEMENT_TYPE;
  subject: { name: string; digest: Record<string, string> }[];
  predicateType: string;
  predicate: P;
}

export interface ProvenancePredicate {
  buildDefinition: {
    buildType: string;
    externalParameters: { repository: string; ref: string; event: string; workflow?: string; workflowRef?: string };
    internalParameters: { platform: string; runner: PipelineContext['runner']; identitySource: string };
    resolvedDependencies: ResourceDescriptor[];
  };
  runDetails: {
    builder: { id: string };
    metadata: { invocationId: string; startedOn?: string };
    byproducts?: ResourceDescriptor[];
  };
}

/** A stable builder id per platform and runner kind, from the context only. */
export function builderId(ctx: PipelineContext): string {
  const kind = ctx.runner.kind;
  switch (ctx.platform) {
    case 'github':
      return `https://github.com/actions/runner/${kind === 'self-hosted' ? 'self-hosted' : 'github-hosted'}`;
    case 'gitlab':
      return `${ctx.serverUrl ?? 'https://gitlab.com'}/-/runners/${kind === 'self-hosted' ? 'self-managed' : 'hosted'}`;
    case 'circleci':
      return `https://circleci.com/runner/${kind === 'self-hosted' ? 'self-hosted' : 'cloud'}`;
    default:
      return 'https://ci-constraints.dev/builders/local';
  }
}

/** The run's id as a URI: the same fields on every platform, whatever provider filled them. */
export function invocationId(ctx: PipelineContext): string {
  const server = ctx.serverUrl ?? `${ctx.platform}:`;
  const parts = [ctx.runId ?? 'unknown-run', ctx.runAttempt, ctx.jobId].filter((p): p is string => p !== undefined && p !== '');
  return `${server.replace(/\/$/, '')}/${ctx.repository}/runs/${parts.join('/')}`;
}

export function toSubjects(subjects: readonly Subject[]): Statement['subject'] {
  return subjects.map((s) => ({ name: s.name, digest: { ...s.digest } }));
}

export function manifestDescriptor(subjectName: string, manifest: TreeManifest): ResourceDescriptor {
  const { root: _root, ...portable } = manifest;
  const json = JSON.stringify(portable);
  return {
    name: `manifest:${subjectName}`,
    mediaType: MANIFEST_MEDIA_TYPE,
    digest: { ...manifest.digest },
    content: Buffer.from(json, 'utf8').toString('base64'),
  };
}

/** in-toto Statement v1 with a SLSA provenance v1 predicate built from the PipelineContext. */
export function provenanceStatement(ctx: PipelineContext, subjects: readonly Subject[]): Statement<ProvenancePredicate> {
  const external: ProvenancePredicate['buildDefinition']['externalParameters'] = { repository: ctx.repository, ref: ctx.ref, event: ctx.event };
  if (ctx.workflow) external.workflow = ctx.workflow;
  if (ctx.workflowRef) external.workflowRef = ctx.workflowRef;
  const repoUri = `git+${(ctx.serverUrl ?? `https://${ctx.platform}.invalid`).replace(/\/$/, '')}/${ctx.repository}@${ctx.ref}`;
  const byproducts = subjects.filter((s) => s.manifest).map((s) => manifestDescriptor(s.name, s.manifest!));
  const predicate: ProvenancePredicate = {
    buildDefinition: {
      buildType: BUILD_TYPE,
      externalParameters: external,
      internalParameters: { platform: ctx.platform, runner: { ...ctx.runner }, identitySource: ctx.identitySource },
      resolvedDependencies: [{ uri: repoUri, digest: { gitCommit: ctx.sha } }],
    },
    runDetails: {
      builder: { id: builderId(ctx) },
      metadata: { invocationId: invocationId(ctx), startedOn: ctx.time },
    },
  };
  if (byproducts.length > 0) predicate.runDetails.byproducts = byproducts;
  return { _type: STATEMENT_TYPE, subject: toSubjects(subjects), predicateType: SLSA_PROVENANCE_V1, predicate };
}

export interface DecisionsPredicate {
  /** Subject of the binding: the run that produced both the reports and the artifacts. */
  invocationId: string;
  decisions: (Pick<Decision, 'action' | 'decision' | 'environment' | 'mode' | 'policy'> & {
    violations: number;
    checks: { rule: string; status: string }[];
    report: { name: string; sha256: string };
  })[];
}

const ACTION_NAMES: readonly ActionName[] = ['verify-trigger', 'require-vault-secrets', 'ip-guard', 'security-gate', 'sign-artifact'];

/** Validate a ci-constraints JSON report (shared/decision.ts Decision) read from `origin`. */
export function parseDecisionReport(text: string, origin: string): Decision {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    throw new ArtifactError('decision-invalid', `decision report ${origin} is not JSON`, { hint: 'pass the file written by a ci-constraints action (its `report` output)' });
  }
  const d = obj as Partial<Decision>;
  const problems: string[] = [];
  if (typeof d !== 'object' || d === null || Array.isArray(d)) problems.push('not an object');
  else {
    if (!ACTION_NAMES.includes(d.action as ActionName)) problems.push(`action ${JSON.stringify(d.action)}`);
    if (d.decision !== 'allow' && d.decision !== 'deny') problems.push(`decision ${JSON.stringify(d.decision)}`);
    if (typeof d.environment !== 'string') problems.push('environment');
    if (d.mode !== 'enforce' && d.mode !== 'audit') problems.push('mode');
    if (!Array.isArray(d.violations)) problems.push('violations');
    if (!Array.isArray(d.checks)) problems.push('checks');
    if (typeof d.policy !== 'object' || d.policy === null || typeof d.policy.sha256 !== 'string') problems.push('policy');
  }
  if (problems.length > 0) {
    throw new ArtifactError('decision-invalid', `decision report ${origin} is not a ci-constraints report (bad: ${problems.join(', ')})`, {
      hint: 'pass the file written by a ci-constraints action (its `report` output)',
    });
  }
  return d as Decision;
}

export function decisionsStatement(
  ctx: PipelineContext,
  subjects: readonly Subject[],
  reports: readonly { name: string; sha256: string; decision: Decision }[],
): Statement<DecisionsPredicate> {
  return {
    _type: STATEMENT_TYPE,
    subject: toSubjects(subjects),
    predicateType: DECISIONS_PREDICATE,
    predicate: {
      invocationId: invocationId(ctx),
      decisions: reports.map(({ name, sha256, decision: d }) => ({
        action: d.action,
        decision: d.decision,
        environment: d.environment,
        mode: d.mode,
        policy: { source: d.policy.source, sha256: d.policy.sha256 },
        violations: d.violations.length,
        checks: d.checks.map((c) => ({ rule: c.rule, status: c.status })),
        report: { name, sha256 },
      })),
    },
  };
}

/** Validate a decoded statement's shape (after its signature was checked). */
export function assertStatement(obj: unknown): Statement {
  const s = obj as Partial<Statement>;
  const bad: string[] = [];
  if (typeof s !== 'object' || s === null) bad.push('not an object');
  else {
    if (s._type !== STATEMENT_TYPE) bad.push(`_type ${JSON.stringify(s._type)}`);
    if (!Array.isArray(s.subject) || s.subject.length === 0) bad.push('subject');
    else if (s.subject.some((x) => typeof x?.name !== 'string' || typeof x.digest !== 'object' || x.digest === null || typeof x.digest.sha256 !== 'string')) bad.push('subject entries (name + digest.sha256)');
    if (typeof s.predicateType !== 'string') bad.push('predicateType');
    if (typeof s.predicate !== 'object' || s.predicate === null) bad.push('predicate');
  }
  if (bad.length > 0) throw new ArtifactError('statement-invalid', `the signed payload is not an in-toto Statement v1 (bad: ${bad.join(', ')})`);
  return s as Statement;
}

/** Directory manifests carried in a provenance statement's byproducts, by subject name. */
export function manifestsOf(statement: Statement): Map<string, TreeManifest> {
  const out = new Map<string, TreeManifest>();
  const byproducts = (statement.predicate as Partial<ProvenancePredicate>)?.runDetails?.byproducts ?? [];
  for (const b of byproducts) {
    if (b.mediaType !== MANIFEST_MEDIA_TYPE || !b.name?.startsWith('manifest:') || !b.content) continue;
    try {
      const m = JSON.parse(Buffer.from(b.content, 'base64').toString('utf8')) as TreeManifest;
      if (Array.isArray(m.files)) out.set(b.name.slice('manifest:'.length), { ...m, root: b.name.slice('manifest:'.length) });
    } catch {
      throw new ArtifactError('statement-invalid', `the manifest of ${b.name.slice(9)} in the statement is not valid JSON`);
    }
  }
  return out;
}
