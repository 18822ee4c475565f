import { describeAllowedEvent, eventMatches, isFork } from '../context/index.js';
import type { PipelineContext } from '../context/types.js';
import type { CheckResult } from '../decision.js';
import type { RuleSource } from '../policy/resolve.js';
import type { Role } from '../policy/schema.js';
import type { TriggerPolicy } from '../policy/sections/trigger.js';
import { refCharsetProblem, refMatches } from './refs.js';

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
  /** Whether `login` is a member of team `team`; undefined = not looked up. */
  teamMember?: (login: string, team: string) => boolean | undefined;
  /** The login's repository permission; undefined = not looked up. */
  permission?: (login: string) => string | undefined;
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
    else if (PERMISSION_ORDER.indexOf(has) >= PERMISSION_ORDER.indexOf(role.permission)) return true;
  }
  return unknown ? undefined : false;
}

export interface TriggerInput {
  context: PipelineContext;
  trigger: TriggerPolicy;
  roles: Record<string, Role>;
  facts: RoleFacts;
  ruleSource: RuleSource;
}

type Rule = (input: TriggerInput) => CheckResult | undefined;

const at = (input: TriggerInput, key: string) => input.ruleSource(['trigger', key]);

/** The ref must be safe to interpolate before anything else looks at it. */
const refCharset: Rule = (input) => {
  if (input.trigger['ref-charset'] === 'any') return undefined;
  const { ref } = input.context;
  const problem = refCharsetProblem(ref);
  return {
    rule: 'trigger.ref-charset',
    status: problem ? 'fail' : 'pass',
    message: problem
      ? `ref ${JSON.stringify(ref)} contains characters a ref should never carry (${problem}): denied before it can reach a shell`
      : 'ref uses only safe characters',
    seen: ref,
    required: 'printable ASCII without shell metacharacters',
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
  return {
    rule: 'trigger.forks',
    status: fork ? 'fail' : 'pass',
    message: fork ? `the code under test comes from ${from}, not from ${ctx.baseRepository ?? ctx.repository}: runs on fork code are denied` : 'the code under test comes from this repository',
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
  const problems: string[] = [];
  for (const id of ids) {
    const verdicts = roleNames.map((name) => roleAdmits(input.roles[name] ?? {}, id.login, input.facts));
    if (verdicts.includes(true)) continue;
    problems.push(
      verdicts.includes(undefined)
        ? `${id.as} ${id.login} could not be verified (team membership or permission was not looked up; pass github-token)`
        : `${id.as} ${id.login} is in none of the roles`,
    );
  }
  return {
    rule: 'trigger.actors',
    status: problems.length ? 'fail' : 'pass',
    message: problems.length ? problems.join('; ') : `${ids.map((i) => `${i.as} ${i.login}`).join(', ')} qualify`,
    seen: Object.fromEntries(ids.map((i) => [i.as, i.login])),
    required: roleNames,
    ...source,
  };
};

/** Rules in evaluation order; each returns undefined when the policy does not ask for it. */
export const TRIGGER_RULES: readonly Rule[] = [refCharset, events, refs, forks, actors];

export function triggerChecks(input: TriggerInput, rules: readonly Rule[] = TRIGGER_RULES): CheckResult[] {
  return rules.map((r) => r(input)).filter((c): c is CheckResult => c !== undefined);
}
