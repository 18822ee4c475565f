/** The one normalised view of "who, what, where, when" that every check reads. */
export type PlatformName = 'github' | 'gitlab' | 'circleci' | 'local';

export type RefType = 'branch' | 'tag' | 'pull' | 'merge-request' | 'other';

export interface PipelineContext {
  platform: PlatformName;
  /** The platform's own event name: GitHub `event_name`, GitLab `CI_PIPELINE_SOURCE`, CircleCI trigger type. */
  event: string;
  /** Always a full ref: refs/heads/…, refs/tags/…, refs/pull/N/merge, refs/merge-requests/N/head. */
  ref: string;
  refType: RefType;
  sha: string;
  /** owner/name (GitHub, CircleCI) or group/subgroup/project (GitLab). */
  repository: string;
  /** For pull/merge requests: where the code under test comes from and where it goes. */
  headRepository?: string;
  baseRepository?: string;
  /** Base ref of a pull/merge request (full ref). */
  baseRef?: string;
  /** Head ref of a pull/merge request (full ref, in the head repository), e.g. GitHub `GITHUB_HEAD_REF` as refs/heads/…. */
  headRef?: string;
  /** The head SHA of a pull/merge request, when known. */
  headSha?: string;
  pullRequestNumber?: number;
  /** Identities in the run. Every one of them must qualify for `trigger.actors`. */
  actor?: string;
  triggeringActor?: string;
  prAuthor?: string;
  commitAuthor?: string;
  commentAuthor?: string;
  /** GitHub author_association of the comment author (OWNER, MEMBER, COLLABORATOR, …). */
  commentAuthorAssociation?: string;
  commentBody?: string;
  runner: { kind: 'hosted' | 'self-hosted' | 'unknown'; name?: string; os?: string; arch?: string };
  workflow?: string;
  workflowRef?: string;
  runId?: string;
  runAttempt?: string;
  jobId?: string;
  serverUrl?: string;
  apiUrl?: string;
  /** Platform-reported ref protection (GitLab CI_COMMIT_REF_PROTECTED, GitHub OIDC ref_protected). */
  refProtected?: boolean;
  /** How the running action itself was referenced (GitHub GITHUB_ACTION_REF). */
  actionRef?: string;
  /** For workflow_run: the triggering run's event and head repository. */
  upstreamEvent?: string;
  upstreamHeadRepository?: string;
  /** Where identity fields came from: environment variables, or a verified OIDC token. */
  identitySource: 'env' | 'oidc' | 'file';
  /** Evaluation time, ISO 8601. */
  time: string;
}
