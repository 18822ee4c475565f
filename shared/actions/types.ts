import type { PipelineContext } from '../context/types.js';
import type { ActionName, CheckResult, Mode } from '../decision.js';
import type { EnvironmentPolicy, Policy } from '../policy/schema.js';
import type { RuleSource } from '../policy/resolve.js';
import type { Platform } from '../platform/types.js';

export interface InputSpec {
  name: string;
  description: string;
  required?: boolean;
  default?: string;
}

/** What the core hands an action: the run's context and the constraints that judge it. */
export interface ActionRequest {
  context: PipelineContext;
  policy: Policy;
  environment: string;
  /** The environment's constraints after `extends` is resolved. */
  constraints: EnvironmentPolicy;
  /**
   * Where a rule lives: give its path inside the environment (e.g. ['trigger', 'refs']) and get
   * `policyPath` (e.g. `environments.staging.trigger.refs`, following `extends`) and file:line:column.
   * Put both on every CheckResult the rule produces.
   */
  ruleSource: RuleSource;
  platform: Platform;
  mode: Mode;
  now: Date;
}

export interface ActionOutcome {
  checks: CheckResult[];
  notes?: string[];
  /** Non-secret step outputs beyond decision/violations/report. */
  outputs?: Record<string, string>;
  details?: Record<string, unknown>;
  /** Markdown appended to the job summary under the checks table (no secret values). */
  summary?: string;
  /** Extra native artifacts, e.g. SARIF or Code Quality JSON, written beside the report. */
  artifacts?: { kind: 'sarif' | 'codequality'; content: unknown }[];
}

export type ActionHandler = (req: ActionRequest) => Promise<ActionOutcome>;

/**
 * One module per action under shared/actions/<name>.ts. `commands.run` is the main step;
 * other commands (e.g. `verify`, `revoke`, `report`) are CLI subcommands, and `post` names the
 * command the GitHub post step runs.
 */
export interface ActionModule {
  name: ActionName;
  description: string;
  inputs: InputSpec[];
  commands: { run: ActionHandler } & Record<string, ActionHandler>;
  post?: string;
}
