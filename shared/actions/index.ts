import type { ActionName } from '../decision.js';
import type { ActionModule } from './types.js';

/**
 * The registry: one lazy loader per working action, so a run loads only its own action's code
 * (cold start). An action appears here only when it works end to end.
 */
const LOADERS: Partial<Record<ActionName, () => Promise<{ default: ActionModule }>>> = {
  'verify-trigger': () => import('./verify-trigger.js'),
  'sign-artifact': () => import('./sign-artifact.js'),
  'require-vault-secrets': () => import('./require-vault-secrets.js'),
  'ip-guard': () => import('./ip-guard.js'),
  'security-gate': () => import('./security-gate.js'),
};

export const ACTION_NAMES = Object.keys(LOADERS) as ActionName[];

export function isActionName(name: string): name is ActionName {
  return Object.hasOwn(LOADERS, name);
}

export async function loadAction(name: ActionName): Promise<ActionModule> {
  return (await LOADERS[name]!()).default;
}
