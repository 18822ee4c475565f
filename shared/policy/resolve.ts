import { ConfigError } from '../errors.js';
import type { SourceLocation } from '../decision.js';
import { PolicyInvalidError, didYouMean, joinPath, type LoadedPolicy, type PolicyProblem } from './load.js';
import type { EnvironmentPolicy, Policy } from './schema.js';

/** Cross-references a schema cannot see: `extends` targets and cycles, role names in `actors`. */
export function checkReferences(loaded: LoadedPolicy): void {
  const { policy, locate, file } = loaded;
  const problems: PolicyProblem[] = [];
  const envNames = Object.keys(policy.environments);
  const roleNames = Object.keys(policy.roles ?? {});
  for (const [name, env] of Object.entries(policy.environments)) {
    if (env.extends !== undefined && !(env.extends in policy.environments)) {
      const guess = didYouMean(env.extends, envNames);
      problems.push({
        location: locate(['environments', name, 'extends']),
        path: `environments.${name}.extends`,
        message: `extends unknown environment "${env.extends}"${guess ? ` — did you mean "${guess}"?` : ''}`,
      });
    }
    (env.trigger?.actors ?? []).forEach((role, i) => {
      if (!roleNames.includes(role)) {
        const guess = didYouMean(role, roleNames);
        problems.push({
          location: locate(['environments', name, 'trigger', 'actors', i]),
          path: `environments.${name}.trigger.actors[${i}]`,
          message: `unknown role "${role}"${guess ? ` — did you mean "${guess}"?` : ''}; define it under roles:`,
        });
      }
    });
  }
  for (const name of envNames) {
    const chain = extendsChain(policy, name);
    if (chain.cycle) {
      problems.push({ location: locate(['environments', name, 'extends']), path: `environments.${name}.extends`, message: `extends cycle: ${chain.names.join(' -> ')}` });
    }
  }
  if (problems.length > 0) throw new PolicyInvalidError(file, problems);
}

function extendsChain(policy: Policy, start: string): { names: string[]; cycle: boolean } {
  const names: string[] = [];
  let current: string | undefined = start;
  while (current !== undefined && current in policy.environments) {
    if (names.includes(current)) return { names: [...names, current], cycle: true };
    names.push(current);
    current = policy.environments[current]!.extends;
  }
  return { names, cycle: false };
}

/** The environment's constraints with `extends` applied: mappings merge key by key, lists and scalars replace. */
export function resolveEnvironment(policy: Policy, name: string): EnvironmentPolicy {
  if (!(name in policy.environments)) {
    const names = Object.keys(policy.environments);
    const guess = didYouMean(name, names);
    throw new ConfigError('unknown-environment', `environment "${name}" is not defined in the policy${guess ? ` — did you mean "${guess}"?` : ''}`, {
      hint: `use one of: ${names.join(', ')}`,
    });
  }
  const chain = extendsChain(policy, name).names.reverse();
  let merged: Record<string, unknown> = {};
  for (const envName of chain) {
    const { extends: _parent, ...own } = policy.environments[envName]!;
    merged = deepMerge(merged, own) as Record<string, unknown>;
  }
  return merged as EnvironmentPolicy;
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in base ? deepMerge(base[k], v) : v;
    return out;
  }
  return over;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export type RuleSource = (path: readonly (string | number)[]) => { policyPath: string; location?: SourceLocation };

/** Locates a rule of an environment in the file, in the nearest environment of its `extends` chain that sets it. */
export function ruleSourceFor(loaded: LoadedPolicy, environment: string): RuleSource {
  const chain = extendsChain(loaded.policy, environment).names;
  return (path) => {
    const owner = chain.find((env) => hasPath(loaded.policy.environments[env], path)) ?? environment;
    const full = ['environments', owner, ...path];
    const location = loaded.locate(full);
    return location ? { policyPath: joinPath(full), location } : { policyPath: joinPath(full) };
  };
}

function hasPath(root: unknown, path: readonly (string | number)[]): boolean {
  let node: unknown = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !(key in (node as object))) return false;
    node = (node as Record<string | number, unknown>)[key];
  }
  return true;
}
