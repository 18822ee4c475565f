import type { PipelineContext } from '../context/types.js';
import type { Decision } from '../decision.js';

export const REPORT_SCHEMA_VERSION = 1;

export interface JsonReport extends Decision {
  reportVersion: number;
  tool: { name: 'ci-constraints'; version: string };
  enforced: boolean;
  time: string;
  /** The non-secret facts the decision was made on. */
  context: Pick<PipelineContext, 'platform' | 'event' | 'ref' | 'sha' | 'repository' | 'actor' | 'runId' | 'workflow'>;
}

export function toJsonReport(decision: Decision, context: PipelineContext | undefined, version: string, time: Date): JsonReport {
  return {
    reportVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'ci-constraints', version },
    ...decision,
    enforced: decision.mode === 'enforce',
    time: time.toISOString(),
    context: context
      ? pick(context, ['platform', 'event', 'ref', 'sha', 'repository', 'actor', 'runId', 'workflow'])
      : { platform: 'local', event: 'unknown', ref: '', sha: '', repository: '' },
  };
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
