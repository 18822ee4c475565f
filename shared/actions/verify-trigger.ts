import { triggerChecks } from '../checks/trigger.js';
import type { ActionModule } from './types.js';

const verifyTrigger: ActionModule = {
  name: 'verify-trigger',
  description: 'Allow the pipeline only for allowed events, refs, actors and sources, at allowed times.',
  inputs: [{ name: 'github-token', description: 'Token for API lookups (teams, permissions, protection, signatures).' }],
  commands: {
    async run(req) {
      const trigger = req.constraints.trigger;
      if (!trigger) {
        return {
          checks: [{ rule: 'trigger.missing', status: 'fail', message: `environment ${req.environment} has no trigger section, so nothing about this run can be verified`, ...req.ruleSource(['trigger']) }],
        };
      }
      const checks = triggerChecks({ context: req.context, trigger, roles: req.policy.roles ?? {}, facts: {}, ruleSource: req.ruleSource });
      return { checks, outputs: { event: req.context.event, ref: req.context.ref } };
    },
  },
};

export default verifyTrigger;
