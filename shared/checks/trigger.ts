import { describeAllowedEvent, eventMatches } from '../context/events.js';
import { isFork, UNKNOWN_HEAD_REPOSITORY } from '../context/refs.js';
import type { PipelineContext } from '../context/types.js';
import type { CheckResult } from '../decision.js';
import type { RuleSource } from '../policy/resolve.js';
import type { Role } from '../policy/schema.js';
import type { TriggerPolicy } from '../policy/sections/trigger.js';
import { describeInstant, describeWindow, freezeStatus, isWeekly } from './freeze.js';
import { globMatches, refCharsetProblem, refMatches } from './refs.js';

/** An identity in the run and the part it plays; every one of them must qualify for `actors`. */
export interface RunIdentity {
  login: string;
  as: 'actor' | 'triggering actor' | 'pull request author' | 'comment author';
}

export function runIdentities(ctx: PipelineContext): RunIdentity[] {
  const ids: RunIdentity[] = [];
  const add = (login: string | undefined, as: RunIdentity['as']) => {
    if (login !== undefined && login !== '') ids.push({ login, as });
  };
  add(ctx.actor, 'actor');
  if (ctx.triggeringActor !== ctx.actor) add(ctx.triggeringActor, 'triggering actor');
  add(ctx.prAuthor, 'pull request author');
  add(ctx.commentAuthor, 'comment author');
  return ids;
}

/** Facts fetched from the platform's API before the pure checks run (teams, permissions, …). */
export interface RoleFacts {
  /** Whether `login` is a member of team `team`; undefined = not looked up (or the lookup failed). */
  teamMember?: (login: string, team: string) => boolean | undefined;
  /** The login's repository permission (read … admin, or `none`); undefined = not looked up. */
  permission?: (login: string) => string | undefined;
  /** Why a fact about `login` is missing: the endpoint and status that failed, or the missing input. */
  problem?: (login: string) => string | undefined;
}

/** A fact from I/O: its value, or why it could not be had (endpoint + status, or the missing input). */
export type Fact<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface ProtectionFact {
  protected: boolean;
  /** How it was established, e.g. "GET /repos/o/r/branches/main: protected". */
  how: string;
}

export interface SignatureFact {
  sha: string;
  verified: boolean;
  /** GitHub `verification.reason` or GitLab `verification_status`; `unsigned` when there is no signature. */
  reason: string;
}

export interface IdentityFact {
  issuer: string;
  subject: string;
  /** Fields where the environment and the verified claims disagree. */
  mismatches: { field: string; env: unknown; claims: unknown }[];
}

export interface TriggerFacts {
  roles: RoleFacts;
  protection?: Fact<ProtectionFact>;
  signature?: Fact<SignatureFact>;
  /** issue_comment runs: the pull request looked up (head SHA and head repository are in the context). */
  pullRequest?: Fact<{ number: number }>;
  identity?: Fact<IdentityFact>;
}

const PERMISSION_ORDER = ['read', 'triage', 'write', 'maintain', 'admin'];

/** Whether a login belongs to a role; `undefined` when it depends on a fact that was not fetched. */
export function roleAdmits(role: Role, login: string, facts: RoleFacts): boolean | undefined {
  if (role.users?.includes(login)) return true;
  let unknown = false;
  for (const team of role.teams ?? []) {
    const member = facts.teamMember?.(login, team);
    if (member === true) return true;
    if (member === undefined) unknown = true;
  }
  if (role.permission !== undefined) {
    const has = facts.permission?.(login);
    if (has === undefined) unknown = true;
    else if (PERMISSION_ORDER.includes(has) && PERMISSION_ORDER.indexOf(has) >= PERMISSION_ORDER.indexOf(role.permission)) return true;
  }
  return unknown ? undefined : false;
}

export interface TriggerInput {
  context: PipelineContext;
  trigger: TriggerPolicy;
  roles: Record<string, Role>;
  facts: TriggerFacts | RoleFacts;
  ruleSource: RuleSource;
  /** Evaluation time (freeze windows). Defaults to `context.time`. */
  now?: Date;
  /** The comment command from the action input, when the policy names none. */
  commentCommand?: string;
}

type Rule = (input: TriggerInput) => CheckResult | undefined;

const at = (input: TriggerInput, ...path: (string | number)[]) => input.ruleSource(['trigger', ...path]);
const factsOf = (input: TriggerInput): TriggerFacts => ('roles' in input.facts ? (input.facts as TriggerFacts) : { roles: input.facts as RoleFacts });
const fmt = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v));

/** The default associations allowed to command a run by comment. */
export const DEFAULT_COMMENT_ASSOCIATIONS = ['OWNER', 'MEMBER', 'COLLABORATOR'];
/** Events that run with the base repository's secrets and write token whatever code they are handed. */
export const PRIVILEGED_EVENTS = ['pull_request_target', 'workflow_run'];

/** `identity: oidc`: the run's identity must come from a verified token, and the environment must agree with it. */
const identity: Rule = (input) => {
  if (input.trigger.identity !== 'oidc') return undefined;
  const fact = factsOf(input).identity;
  const base = { rule: 'trigger.identity', required: 'a verified OIDC token whose claims agree with the environment', ...at(input, 'identity') };
  if (!fact) return { ...base, status: 'fail', message: 'the OIDC token was not requested, so the identity of this run is unverified', seen: 'no token' };
  if (!fact.ok) return { ...base, status: 'fail', message: `the identity of this run cannot be verified: ${fact.problem}`, seen: 'no verified token' };
  const { mismatches, issuer, subject } = fact.value;
  if (mismatches.length > 0) {
    return {
      ...base,
      status: 'fail',
      message: `the environment disagrees with the verified OIDC token (tampered variables?): ${mismatches.map((m) => `${m.field} is ${fmt(m.env)} in the environment but ${fmt(m.claims)} in the token`).join('; ')}`,
      seen: Object.fromEntries(mismatches.map((m) => [m.field, { env: m.env, claims: m.claims }])),
    };
  }
  return { ...base, status: 'pass', message: `identity verified from an OIDC token of ${issuer} (sub ${subject}); the environment agrees with it`, seen: { issuer, subject } };
};

/** The refs must be safe to interpolate before anything else looks at them. */
const refCharset: Rule = (input) => {
  if (input.trigger['ref-charset'] === 'any') return undefined;
  const ctx = input.context;
  const refs: [string, string | undefined][] = [
    ['ref', ctx.ref],
    ['head ref', ctx.headRef],
    ['base ref', ctx.baseRef],
  ];
  const problems: string[] = [];
  for (const [what, ref] of refs) {
    if (ref === undefined) continue;
    const problem = refCharsetProblem(ref);
    if (problem) problems.push(`${what} ${JSON.stringify(ref)} contains characters a ref should never carry (${problem})`);
  }
  const seen = Object.fromEntries(refs.filter(([, r]) => r !== undefined));
  return {
    rule: 'trigger.ref-charset',
    status: problems.length ? 'fail' : 'pass',
    message: problems.length ? `${problems.join('; ')}: denied before it can reach a shell` : 'refs use only safe characters',
    seen: Object.keys(seen).length === 1 ? ctx.ref : seen,
    required: 'printable ASCII without shell metacharacters (A-Z a-z 0-9 . _ / + @ # = , % -)',
    ...at(input, 'ref-charset'),
  };
};

const events: Rule = (input) => {
  const allowed = input.trigger.events;
  if (!allowed) return undefined;
  const { context: ctx } = input;
  const ok = allowed.some((e) => eventMatches(e, ctx));
  return {
    rule: 'trigger.events',
    status: ok ? 'pass' : 'fail',
    message: ok ? `event ${ctx.event} is allowed` : `event ${ctx.event} is not allowed here (allowed: ${allowed.map((e) => describeAllowedEvent(e, ctx.platform)).join(', ')})`,
    seen: ctx.event,
    required: allowed,
    ...at(input, 'events'),
  };
};

/**
 * pull_request_target and workflow_run run the base repository's workflow with its secrets and a
 * write token, so where the code under test came from is what matters: fork code is denied
 * unless the policy says `privileged-events: allow`. Judged even when `forks` is not set.
 */
const privilegedEvent: Rule = (input) => {
  const ctx = input.context;
  if (ctx.platform !== 'github' && ctx.platform !== 'local') return undefined;
  if (!PRIVILEGED_EVENTS.includes(ctx.event)) return undefined;
  const setting = input.trigger['privileged-events'] ?? 'deny-fork-code';
  const base = { rule: 'trigger.privileged-event', required: setting === 'allow' ? 'any (privileged-events: allow)' : `code from ${ctx.repository}`, ...at(input, 'privileged-events') };
  if (ctx.event === 'workflow_run') {
    const from = ctx.upstreamHeadRepository ?? UNKNOWN_HEAD_REPOSITORY;
    const fork = from !== ctx.repository;
    const fail = fork && setting !== 'allow';
    return {
      ...base,
      status: fail ? 'fail' : 'pass',
      message: fork
        ? `workflow_run started by a ${ctx.upstreamEvent ?? 'unknown'} run on code from ${from}, not ${ctx.repository}${fail ? ': a privileged run must not act on fork code (its artifacts and outputs are attacker-controlled)' : ' (allowed by privileged-events: allow)'}`
        : `workflow_run started by a ${ctx.upstreamEvent ?? 'unknown'} run on code from ${ctx.repository}`,
      seen: { event: ctx.event, upstreamEvent: ctx.upstreamEvent, headRepository: from },
    };
  }
  const from = ctx.headRepository ?? UNKNOWN_HEAD_REPOSITORY;
  const to = ctx.baseRepository ?? ctx.repository;
  const fork = from !== to;
  const fail = fork && setting !== 'allow';
  return {
    ...base,
    status: fail ? 'fail' : 'pass',
    message: fork
      ? `pull_request_target on a pull request from ${from} into ${to}${fail ? ': it runs with the base repository\'s secrets and write token, so fork code must never reach it (pwn request)' : ' (allowed by privileged-events: allow)'}`
      : `pull_request_target on a pull request from ${to} itself`,
    seen: { event: ctx.event, headRepository: from, headRef: ctx.headRef },
  };
};

/** issue_comment runs: the comment author's association, the command word, and (optionally) the pinned head SHA. */
const comment: Rule = (input) => {
  const ctx = input.context;
  if (ctx.event !== 'issue_comment') return undefined;
  const policy = input.trigger.comment ?? {};
  const associations = policy.associations ?? DEFAULT_COMMENT_ASSOCIATIONS;
  const command = policy.command ?? input.commentCommand;
  const problems: string[] = [];
  const association = ctx.commentAuthorAssociation ?? '(none)';
  if (!associations.includes(association)) problems.push(`comment author ${ctx.commentAuthor ?? '(unknown)'} is ${association}, not one of ${associations.join(', ')}`);
  const words = commandWords(ctx.commentBody);
  if (command !== undefined && words[0] !== command) problems.push(`the comment does not start with the command ${command} (it starts with ${JSON.stringify(words[0] ?? '')})`);
  return {
    rule: 'trigger.comment',
    status: problems.length ? 'fail' : 'pass',
    message: problems.length ? problems.join('; ') : `comment ${command ?? ''} by ${ctx.commentAuthor} (${association})`.replace('  ', ' '),
    seen: { author: ctx.commentAuthor, association: ctx.commentAuthorAssociation, command: words[0] },
    required: { associations, ...(command !== undefined ? { command } : {}) },
    ...at(input, input.trigger.comment ? 'comment' : 'events'),
  };
};

/** "/deploy 1a2b3c4" → ["/deploy", "1a2b3c4"]: the first line, split on blanks. */
export function commandWords(body: string | undefined): string[] {
  if (body === undefined) return [];
  const first = body.replace(/^\s+/, '').split(/\r?\n/, 1)[0] ?? '';
  return first.split(/[ \t]+/).filter((w) => w !== '');
}

/**
 * `comment.pin-head-sha: required`: the commenter names the head SHA they reviewed
 * (`/deploy <7–40 hex>`); the pull request's head, looked up through the API when the run
 * starts, must still begin with it. A push after the comment (time-of-check/time-of-use) denies.
 */
const commentSha: Rule = (input) => {
  const ctx = input.context;
  if (ctx.event !== 'issue_comment' || input.trigger.comment?.['pin-head-sha'] !== 'required') return undefined;
  const named = commandWords(ctx.commentBody)[1];
  const base = { rule: 'trigger.comment-sha', required: 'the comment names the current pull request head SHA (7–40 hex)', ...at(input, 'comment', 'pin-head-sha') };
  if (named === undefined || !/^[0-9a-f]{7,40}$/.test(named)) {
    return { ...base, status: 'fail', message: `the comment names no head SHA after the command (write e.g. "${commandWords(ctx.commentBody)[0] ?? '/deploy'} <sha>")`, seen: named ?? null };
  }
  const pr = factsOf(input).pullRequest;
  if (pr && !pr.ok) return { ...base, status: 'fail', message: `the pull request head could not be looked up: ${pr.problem}`, seen: named };
  if (ctx.headSha === undefined) return { ...base, status: 'fail', message: 'the pull request head SHA is unknown (it is not in an issue_comment payload; pass github-token so it can be looked up)', seen: named };
  const ok = ctx.headSha.startsWith(named);
  return {
    ...base,
    status: ok ? 'pass' : 'fail',
    message: ok ? `the comment pins head ${named}, which is the pull request head ${ctx.headSha}` : `the comment pins ${named} but the pull request head is now ${ctx.headSha}: commits were pushed after the comment`,
    seen: { named, head: ctx.headSha },
  };
};

const refs: Rule = (input) => {
  const allowed = input.trigger.refs;
  if (!allowed) return undefined;
  const { ref } = input.context;
  const match = allowed.find((p) => refMatches(p, ref));
  return {
    rule: 'trigger.refs',
    status: match ? 'pass' : 'fail',
    message: match ? `ref ${ref} matches ${match}` : `ref ${ref} matches none of the allowed refs`,
    seen: ref,
    required: allowed,
    ...at(input, 'refs'),
  };
};

const forks: Rule = (input) => {
  if (input.trigger.forks !== 'deny') return undefined;
  const ctx = input.context;
  const fork = isFork(ctx);
  const from = ctx.upstreamHeadRepository ?? ctx.headRepository ?? ctx.repository;
  const pr = factsOf(input).pullRequest;
  const why = pr && !pr.ok ? ` (the pull request could not be looked up: ${pr.problem})` : '';
  return {
    rule: 'trigger.forks',
    status: fork ? 'fail' : 'pass',
    message: fork ? `the code under test comes from ${from}, not from ${ctx.baseRepository ?? ctx.repository}: runs on fork code are denied${why}` : 'the code under test comes from this repository',
    seen: from,
    required: ctx.baseRepository ?? ctx.repository,
    ...at(input, 'forks'),
  };
};

const actors: Rule = (input) => {
  const roleNames = input.trigger.actors;
  if (!roleNames) return undefined;
  const ids = runIdentities(input.context);
  const source = at(input, 'actors');
  if (ids.length === 0) {
    return { rule: 'trigger.actors', status: 'fail', message: 'the run names no actor, so no one can be checked against the roles', required: roleNames, ...source };
  }
  const roleFacts = factsOf(input).roles;
  const problems: string[] = [];
  const admitted: string[] = [];
  for (const id of ids) {
    const verdicts = roleNames.map((name) => [name, roleAdmits(input.roles[name] ?? {}, id.login, roleFacts)] as const);
    const by = verdicts.find(([, v]) => v === true);
    if (by) {
      admitted.push(`${id.as} ${id.login} (${by[0]})`);
      continue;
    }
    if (verdicts.some(([, v]) => v === undefined)) {
      const problem = roleFacts.problem?.(id.login);
      problems.push(`${id.as} ${id.login} could not be verified: ${problem ?? 'team membership or permission was not looked up'}`);
    } else {
      problems.push(`${id.as} ${id.login} is in none of the roles ${roleNames.join(', ')}`);
    }
  }
  return {
    rule: 'trigger.actors',
    status: problems.length ? 'fail' : 'pass',
    message: problems.length ? problems.join('; ') : `${admitted.join(', ')} qualify`,
    seen: Object.fromEntries(ids.map((i) => [i.as, i.login])),
    required: roleNames,
    ...source,
  };
};

const protectedRef: Rule = (input) => {
  if (input.trigger['protected-ref'] !== 'required') return undefined;
  const ctx = input.context;
  const base = { rule: 'trigger.protected-ref', required: 'a protected branch or tag', ...at(input, 'protected-ref') };
  if (ctx.refType !== 'branch' && ctx.refType !== 'tag') {
    return { ...base, status: 'fail', message: `ref ${ctx.ref} is not a branch or tag, so it cannot be a protected ref`, seen: ctx.ref };
  }
  if (ctx.refProtected !== undefined) {
    const how = ctx.platform === 'gitlab' ? (ctx.identitySource === 'oidc' ? 'the verified OIDC claim ref_protected' : 'CI_COMMIT_REF_PROTECTED') : ctx.identitySource === 'oidc' ? 'the verified OIDC claim ref_protected' : 'the context';
    return {
      ...base,
      status: ctx.refProtected ? 'pass' : 'fail',
      message: ctx.refProtected ? `${ctx.ref} is protected (${how})` : `${ctx.ref} is not protected (${how})`,
      seen: { ref: ctx.ref, protected: ctx.refProtected, source: how },
    };
  }
  const fact = factsOf(input).protection;
  if (!fact) return { ...base, status: 'fail', message: `whether ${ctx.ref} is protected was not looked up`, seen: ctx.ref };
  if (!fact.ok) return { ...base, status: 'fail', message: `whether ${ctx.ref} is protected cannot be established: ${fact.problem}`, seen: ctx.ref };
  return {
    ...base,
    status: fact.value.protected ? 'pass' : 'fail',
    message: `${ctx.ref} is ${fact.value.protected ? '' : 'not '}protected (${fact.value.how})`,
    seen: { ref: ctx.ref, protected: fact.value.protected, source: fact.value.how },
  };
};

const signedCommits: Rule = (input) => {
  if (input.trigger['signed-commits'] !== 'required') return undefined;
  const ctx = input.context;
  const sha = ctx.headSha ?? ctx.sha;
  const base = { rule: 'trigger.signed-commits', required: 'a commit whose signature the platform verified', ...at(input, 'signed-commits') };
  const fact = factsOf(input).signature;
  if (!fact) return { ...base, status: 'fail', message: `the signature of ${sha} was not looked up`, seen: sha };
  if (!fact.ok) return { ...base, status: 'fail', message: `the signature of ${sha} cannot be checked: ${fact.problem}`, seen: sha };
  const { verified, reason } = fact.value;
  return {
    ...base,
    status: verified ? 'pass' : 'fail',
    message: verified ? `commit ${fact.value.sha} has a verified signature` : `commit ${fact.value.sha} has no verified signature (${reason})`,
    seen: { sha: fact.value.sha, verified, reason },
  };
};

/** The workflow file out of a GitHub workflow ref (`owner/repo/.github/workflows/x.yml@refs/heads/main`). */
export function workflowPath(ctx: Pick<PipelineContext, 'platform' | 'repository' | 'workflowRef'>): string | undefined {
  const ref = ctx.workflowRef;
  if (ref === undefined) return undefined;
  if (ctx.platform !== 'github') return ref;
  const prefix = `${ctx.repository}/`;
  const at = ref.lastIndexOf('@');
  const file = at < 0 ? ref : ref.slice(0, at);
  // A workflow of another repository is named in full so a local glob never matches it.
  return file.startsWith(prefix) ? file.slice(prefix.length) : file;
}

const workflows: Rule = (input) => {
  const allowed = input.trigger.workflows;
  if (!allowed) return undefined;
  const path = workflowPath(input.context);
  const match = path !== undefined ? allowed.find((p) => globMatches(p, path)) : undefined;
  return {
    rule: 'trigger.workflow',
    status: match ? 'pass' : 'fail',
    message:
      path === undefined
        ? `the platform names no workflow definition for this run (${input.context.platform}), so it cannot be matched`
        : match
          ? `workflow ${path} matches ${match}`
          : `workflow ${path} is not one of the workflows allowed to run here (a branch can add its own workflow file)`,
    seen: input.context.workflowRef ?? null,
    required: allowed,
    ...at(input, 'workflows'),
  };
};

const runner: Rule = (input) => {
  const policy = input.trigger.runner;
  if (!policy) return undefined;
  const r = input.context.runner;
  const problems: string[] = [];
  if (policy.kinds && !policy.kinds.includes(r.kind as 'hosted')) problems.push(`runner kind is ${r.kind}, not ${policy.kinds.join(' or ')}`);
  if (policy.names && !(r.name !== undefined && policy.names.some((n) => globMatches(n, r.name!)))) problems.push(`runner ${r.name === undefined ? '(unnamed)' : JSON.stringify(r.name)} is not one of ${policy.names.join(', ')}`);
  return {
    rule: 'trigger.runner',
    status: problems.length ? 'fail' : 'pass',
    message: problems.length ? problems.join('; ') : `runner ${r.name ?? ''} (${r.kind}) is allowed`.replace('  ', ' '),
    seen: { kind: r.kind, name: r.name },
    required: policy,
    ...at(input, 'runner'),
  };
};

const FULL_SHA = /^[0-9a-f]{40}$/;

const pinnedAction: Rule = (input) => {
  if (input.trigger['pinned-action'] !== 'sha') return undefined;
  const ref = input.context.actionRef;
  const ok = ref !== undefined && FULL_SHA.test(ref);
  return {
    rule: 'trigger.pinned-action',
    status: ok ? 'pass' : 'fail',
    message: ok
      ? `the action is pinned to commit ${ref}`
      : ref === undefined
        ? `the action reference is unknown (${input.context.platform === 'github' ? 'GITHUB_ACTION_REF is empty: a local or docker action' : 'pass the action-ref input'}), so it cannot be shown to be pinned`
        : `the action is referenced by ${JSON.stringify(ref)}, which can be moved; reference it by a full 40-hex commit SHA`,
    seen: ref ?? null,
    required: 'a full 40-hex commit SHA',
    ...at(input, 'pinned-action'),
  };
};

const freeze: Rule = (input) => {
  const windows = input.trigger.freeze;
  if (!windows || windows.length === 0) return undefined;
  const now = input.now ?? new Date(input.context.time);
  const status = freezeStatus(windows, now.getTime());
  const base = { rule: 'trigger.freeze', required: windows.map((w) => `${w.name}: ${describeWindow(w)}`), ...at(input, 'freeze') };
  if (!status) return { ...base, status: 'pass', message: `no freeze window is in force at ${now.toISOString()}`, seen: now.toISOString() };
  const first = status.active[0]!;
  const tz = isWeekly(first.window) ? first.window.timezone : undefined;
  const index = windows.indexOf(first.window);
  return {
    ...base,
    status: 'fail',
    message: `freeze window ${status.active.map((a) => `"${a.window.name}" (${describeWindow(a.window)})`).join(' and ')} is in force at ${now.toISOString()}; runs are allowed again ${status.capped ? 'no earlier than' : 'from'} ${describeInstant(status.endsAt, tz)}`,
    seen: { at: now.toISOString(), windows: status.active.map((a) => a.window.name), endsAt: new Date(status.endsAt).toISOString() },
    ...at(input, 'freeze', index),
  };
};

/** Rules in evaluation order; each returns undefined when the policy (or the event) does not ask for it. */
export const TRIGGER_RULES: readonly Rule[] = [identity, refCharset, events, privilegedEvent, comment, commentSha, refs, forks, actors, protectedRef, signedCommits, workflows, runner, pinnedAction, freeze];

export function triggerChecks(input: TriggerInput, rules: readonly Rule[] = TRIGGER_RULES): CheckResult[] {
  return rules.map((r) => r(input)).filter((c): c is CheckResult => c !== undefined);
}
