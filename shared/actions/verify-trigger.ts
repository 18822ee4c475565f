import { triggerChecks } from '../checks/trigger.js';
import { gatherFacts } from '../trigger/index.js';
import type { ActionModule } from './types.js';

/**
 * verify-trigger: was this run started by an allowed event, on an allowed ref, by allowed
 * people and bots, from inside the repository, at an allowed time? Facts first (OIDC identity,
 * API lookups; shared/trigger), then the pure rules (shared/checks/trigger.ts).
 */
const verifyTrigger: ActionModule = {
  name: 'verify-trigger',
  description: 'Allow the pipeline only for allowed events, refs, actors and sources, at allowed times.',
  inputs: [
    { name: 'github-token', description: 'Token for GitHub API lookups (teams, permissions, protection, signatures, the pull request behind a comment).' },
    { name: 'gitlab-token', description: 'Token (read_api) for GitLab API lookups (members, groups, protected refs, signatures).' },
    { name: 'oidc-audience', description: 'Audience the OIDC token is requested for (GitHub) and checked against (default ci-constraints; CircleCI: the organization id).' },
    { name: 'oidc-issuer', description: 'Issuer whose keys verify the OIDC token (default: the platform\'s own issuer).' },
    { name: 'id-token-variable', description: 'GitLab: the id_tokens variable holding the token (default CI_CONSTRAINTS_ID_TOKEN).' },
    { name: 'comment-command', description: 'issue_comment runs: the command word the comment must start with (e.g. /deploy), when the policy names none.' },
    { name: 'action-ref', description: 'GitLab/CircleCI: how the component or orb was referenced (e.g. $[[ component.reference ]]), for pinned-action.' },
  ],
  commands: {
    async run(req) {
      const trigger = req.constraints.trigger;
      if (!trigger) {
        return {
          checks: [{ rule: 'trigger.missing', status: 'fail', message: `environment ${req.environment} has no trigger section, so nothing about this run can be verified`, ...req.ruleSource(['trigger']) }],
        };
      }
      const { context, facts, lookups } = await gatherFacts(req, trigger);
      const commentCommand = req.platform.input('comment-command');
      const checks = triggerChecks({
        context,
        trigger,
        roles: req.policy.roles ?? {},
        facts,
        ruleSource: req.ruleSource,
        now: req.now,
        ...(commentCommand !== undefined ? { commentCommand } : {}),
      });
      const headSha = context.headSha ?? context.sha;
      return {
        checks,
        outputs: {
          event: context.event,
          ref: context.ref,
          sha: headSha,
          'identity-source': context.identitySource,
        },
        details: { identitySource: context.identitySource, lookups, sha: headSha },
        ...(context.identitySource === 'oidc' ? { notes: ['identity taken from the verified OIDC token'] } : {}),
      };
    },
  },
};

export default verifyTrigger;
