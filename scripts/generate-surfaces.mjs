// Generates the GitLab CI/CD components (gitlab-component/templates/<action>.yml) and the CircleCI
// orb's per-action commands, jobs and examples (circleci-orb/src/{commands,jobs,examples}/<action>.yml)
// from ONE table: every actions/<name>/action.yml. Adding an action is adding its action.yml; the
// per-surface differences live in the small tables below, never in copies per action.
//
//   node scripts/generate-surfaces.mjs                 write the files (development: not a release)
//   node scripts/generate-surfaces.mjs --check         exit 1 if a committed file differs
//   node scripts/generate-surfaces.mjs --release 1.2.3 --bundle-sha256 HEX
//                                                      stamp a release: the templates then download
//                                                      v1.2.3's ci-constraints-dist.tar.gz and refuse
//                                                      any file whose SHA-256 differs from HEX
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where releases live: <base>/v<version>/ci-constraints-dist.tar.gz (+ .sha256). */
export const RELEASE_BASE = 'https://github.com/ci-constraints/ci-constraints/releases/download';
export const BUNDLE_ASSET = 'ci-constraints-dist.tar.gz';
export const ORB_NAME = 'ci-constraints/ci-constraints';
export const DEV_RELEASE = 'dev';
export const DEFAULT_IMAGE = 'node:24-slim';
export const ENVIRONMENT_REGEX = '^[A-Za-z0-9][A-Za-z0-9_.-]*$';

/** Inputs every action shares (in this order), and GitHub-only ones no other surface shows. */
const COMMON_INPUTS = ['policy', 'policy-source', 'policy-sha256', 'environment', 'mode'];
const GITHUB_ONLY = new Set(['github-token']);
/**
 * Inputs that carry credentials: other surfaces take the NAME of a variable holding the value, and
 * the job hands the value to the CLI in the environment (CI_CONSTRAINTS_<INPUT>), never as a flag.
 */
const SECRET_INPUT = /(^|-)(token|secret-id|client-key|password|passphrase)$|^key$/;
/** Native report files beyond JUnit and dotenv, by action (the core writes them only when produced). */
const CODEQUALITY = new Set(['security-gate']);
/** The variable GitLab fills from `id_tokens:`: the core's default on GitLab (--id-token-variable). */
export const ID_TOKEN_VARIABLE = 'CI_CONSTRAINTS_ID_TOKEN';
export const DEFAULT_AUDIENCE = 'https://vault.example';
/** verify-trigger's default audience (shared/trigger/oidc.ts DEFAULT_AUDIENCE). */
export const TRIGGER_AUDIENCE = 'ci-constraints';
/**
 * Actions that use the job's OIDC token: GitLab jobs declare it in `id_tokens:` with the audience
 * from the id-token-audience input. `checkedBy`: the action input the core checks the audience
 * against; on GitLab it is fed from id-token-audience (one value, so the two cannot disagree) and
 * is not an input of its own.
 */
const ID_TOKEN = {
  'require-vault-secrets': { audience: DEFAULT_AUDIENCE, why: "it must be one of the Vault role's bound_audiences (GitLab fixes the audience here; vault-audience is not used on GitLab)." },
  'verify-trigger': { audience: TRIGGER_AUDIENCE, checkedBy: 'oidc-audience', why: 'the job also checks the token against it (policy `trigger.identity: oidc`; oidc-audience is not used on GitLab).' },
};
/** Where an action.yml description speaks of GitHub only: what the input means on the other surfaces. */
const SURFACE_DESCRIPTION = {
  'oidc-audience': {
    circleci: "Audience to check the run's OIDC token against (policy `trigger.identity: oidc`). Empty: the organization id, the audience CircleCI issues its tokens for.",
  },
  'oidc-issuer': {
    gitlab: 'Issuer whose published keys verify the OIDC token (policy `trigger.identity: oidc`). Empty: this GitLab instance (CI_SERVER_URL).',
    circleci: 'Issuer whose published keys verify the OIDC token (policy `trigger.identity: oidc`). Empty: https://oidc.circleci.com/org/<CIRCLE_ORGANIZATION_ID>.',
  },
};
const describe = (i, surface) => SURFACE_DESCRIPTION[i.name]?.[surface] ?? i.description;
/** Where an action.yml default is GitHub's: the default on the other surfaces ('' lets the core choose). */
const SURFACE_DEFAULT = { 'oidc-audience': { circleci: '' } };
const defaultFor = (i, surface) => SURFACE_DEFAULT[i.name]?.[surface] ?? i.default ?? '';
/** Files an action writes that the job keeps as artifacts, by action (GitLab paths / orb store_artifacts). */
const OUTPUT_DIRS = { 'sign-artifact': 'output-dir' };
/**
 * Everything the surfaces set for themselves is CIC_*: the CLI reads CI_CONSTRAINTS_<INPUT> as input
 * <input> on every platform, so no internal variable may use that prefix.
 */
export const inputEnv = (input) => `CI_CONSTRAINTS_${input.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`;
const secretRef = (input) => `CIC_SECRET_${input.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`;

/** Every action with an action.yml, with what the surfaces need from it. */
export function actionTable(dir = root) {
  return readdirSync(join(dir, 'actions'))
    .filter((name) => existsSync(join(dir, 'actions', name, 'action.yml')))
    .sort()
    .map((name) => {
      const meta = parse(readFileSync(join(dir, 'actions', name, 'action.yml'), 'utf8'));
      const inputs = Object.entries(meta.inputs ?? {}).map(([input, spec]) => ({
        name: input,
        description: String(spec.description ?? '').trim(),
        required: spec.required === true || spec.required === 'true',
        default: spec.default === undefined ? undefined : String(spec.default),
      }));
      const own = inputs.filter((i) => !COMMON_INPUTS.includes(i.name) && !GITHUB_ONLY.has(i.name));
      const reserved = new Set([ID_TOKEN_VARIABLE, 'CI_CONSTRAINTS_JUNIT', 'CI_CONSTRAINTS_DOTENV', 'CI_CONSTRAINTS_REPORT', 'CI_CONSTRAINTS_EXPORT_FILE']);
      for (const i of inputs) if (reserved.has(inputEnv(i.name))) throw new Error(`actions/${name}/action.yml: input ${i.name} would be read from ${inputEnv(i.name)}, which the surfaces set for another purpose`);
      return {
        name,
        description: String(meta.description ?? '').trim(),
        common: COMMON_INPUTS.map((n) => inputs.find((i) => i.name === n)).filter(Boolean),
        own,
        // GitLab API lookups take a gitlab-token; an action that declares its own keeps its description.
        usesApiToken: inputs.some((i) => i.name === 'github-token') && !own.some((i) => i.name === 'gitlab-token'),
        // CircleCI builds GitHub-hosted repositories: every action with a github-token takes one there too.
        githubToken: inputs.find((i) => i.name === 'github-token'),
        post: meta.runs?.post ? postCommand(dir, name) : undefined,
        codequality: CODEQUALITY.has(name),
        idToken: ID_TOKEN[name],
        // The module reads action-ref (trigger.pinned-action) where the platform cannot say how it was referenced.
        actionRef: moduleInputs(dir, name).includes('action-ref'),
        outputDir: OUTPUT_DIRS[name] ? own.find((i) => i.name === OUTPUT_DIRS[name]) : undefined,
      };
    });
}

/** The post step's CLI command, as the action module names it (`post: 'revoke'`). */
function postCommand(dir, name) {
  const file = join(dir, 'shared', 'actions', `${name}.ts`);
  const m = existsSync(file) ? /^\s*post:\s*'([a-z][a-z0-9-]*)'/m.exec(readFileSync(file, 'utf8')) : null;
  if (!m) throw new Error(`actions/${name}/action.yml has a post step but shared/actions/${name}.ts names no post command`);
  return m[1];
}

/** Input names the action module declares (its inputs table), beyond those of action.yml. */
function moduleInputs(dir, name) {
  const file = join(dir, 'shared', 'actions', `${name}.ts`);
  return existsSync(file) ? [...readFileSync(file, 'utf8').matchAll(/\{\s*name:\s*'([a-z][a-z0-9-]*)'/g)].map((m) => m[1]) : [];
}

const isBool = (i) => i.default === 'true' || i.default === 'false';
const isSecret = (i) => SECRET_INPUT.test(i.name);
const header = (what) => `# Generated by scripts/generate-surfaces.mjs from ${what}. Do not edit: change the generator or the action.yml.\n`;

/* ------------------------------------------------------------------------------------ GitLab */

/** Where the core writes exported variables on GitLab (the job's temp dir; never the project dir, which artifacts may upload). */
const GITLAB_ENV_FILE = '${TMPDIR:-/tmp}/ci-constraints-${CI_JOB_ID:-job}/env.sh';

/**
 * The job's shell (POSIX sh: node images have no bash guarantee), run in a subshell so `set -eu`
 * and the credentials it exports end with it. Every value comes from variables, never from
 * interpolated text, so an input cannot become shell code. Inputs reach the CLI as
 * CI_CONSTRAINTS_<INPUT> job variables; credential inputs name a masked variable, whose value the
 * subshell copies into CI_CONSTRAINTS_<INPUT> (`export` is a shell builtin: no process, so no
 * command line ever holds it). The command line carries only the action, command and file names.
 */
function gitlabScript(action, command) {
  const post = command !== 'run';
  const files = post
    ? `--report "ci-constraints-${action}-${command}.json" --junit "ci-constraints-${action}-${command}.junit.xml" --dotenv "$cic_tmp/${command}.env"`
    : `--report "ci-constraints-${action}.json" --export-file "$cic_tmp/env.sh"`;
  return `(
set -eu
cic_fail() { echo "ci-constraints: $*" >&2; exit 2; }
cic_tmp="\${TMPDIR:-/tmp}/ci-constraints-\${CI_JOB_ID:-job}"
mkdir -p "$cic_tmp" && chmod 700 "$cic_tmp"
if [ -n "$CIC_BUNDLE_PATH" ]; then
  cic_cli="$CIC_BUNDLE_PATH/cli.js"
  [ -f "$cic_cli" ] || cic_fail "bundle-path: no cli.js in $CIC_BUNDLE_PATH"
  echo "ci-constraints: local bundle $cic_cli (input bundle-path: not downloaded, not checked against a release)"
else
  # component.version is the released version the pipeline included (null for a SHA or branch:
  # then the release recorded in this file, which a SHA of a release commit also carries).
  cic_component="\${CIC_COMPONENT_VERSION#version:}"
  case "$cic_component" in [0-9]*.[0-9]*.[0-9]*) ;; *) cic_component="" ;; esac
  cic_version="\${CIC_VERSION:-\${cic_component:-$CIC_RELEASE}}"
  [ "$cic_version" != "${DEV_RELEASE}" ] || cic_fail "component revision \${CIC_COMPONENT_SHA:-?} is not a release: include a released version (e.g. @1.2.3) or set the bundle-path input"
  [ -n "$CIC_BUNDLE_SHA256" ] || cic_fail "no bundle-sha256 for version $cic_version: the component records it at release; set the input when you pin another version"
  cic_home="\${TMPDIR:-/tmp}/ci-constraints-$cic_version-\${CI_JOB_ID:-job}"
  if [ ! -f "$cic_home/dist/cli.js" ]; then
    mkdir -p "$cic_home"
    cic_url="$CIC_BUNDLE_URL/v$cic_version/${BUNDLE_ASSET}"
    echo "ci-constraints: component \${cic_component:-$CIC_COMPONENT_SHA} runs bundle v$cic_version from $cic_url"
    node -e '
      const [url, file, want] = process.argv.slice(1);
      const { createHash } = require("node:crypto");
      fetch(url, { redirect: "follow", signal: AbortSignal.timeout(60000) }).then(async (res) => {
        if (!res.ok) throw new Error("HTTP " + res.status);
        const body = Buffer.from(await res.arrayBuffer());
        const got = createHash("sha256").update(body).digest("hex");
        if (got !== want.toLowerCase()) { console.error("ci-constraints: " + url + " has SHA-256 " + got + ", the release recorded " + want + ": refusing to run it"); process.exit(2); }
        require("node:fs").writeFileSync(file, body);
      }).catch((e) => { console.error("ci-constraints: cannot download " + url + ": " + e.message); process.exit(2); });
    ' "$cic_url" "$cic_home/${BUNDLE_ASSET}" "$CIC_BUNDLE_SHA256"
    tar -xzf "$cic_home/${BUNDLE_ASSET}" -C "$cic_home"
  fi
  cic_cli="$cic_home/dist/cli.js"
fi
for cic_name in $CIC_SECRET_INPUTS; do
  cic_upper=$(printf '%s' "$cic_name" | tr 'a-z-' 'A-Z_')
  eval "cic_ref=\\\${CIC_SECRET_$cic_upper:-}"
  [ -n "$cic_ref" ] || continue
  case "$cic_ref" in [A-Za-z_]*) ;; *) cic_fail "input $cic_name-variable: $cic_ref is not a variable name" ;; esac
  case "$cic_ref" in *[!A-Za-z0-9_]*) cic_fail "input $cic_name-variable: $cic_ref is not a variable name" ;; esac
  eval "cic_value=\\\${$cic_ref:-}"
  [ -n "$cic_value" ] || cic_fail "input $cic_name-variable names $cic_ref, which is empty or unset: define it as a masked CI/CD variable"
  export "CI_CONSTRAINTS_$cic_upper=$cic_value"
done
node "$cic_cli" ${action} ${post ? `${command} ` : ''}--platform gitlab ${files}
) || exit $?`;
}

function gitlabTemplate(a, stamp) {
  const inputs = {
    'job-name': { description: 'Name of the job this component adds.', default: `ci-constraints-${a.name}`, regex: '^[A-Za-z0-9][A-Za-z0-9_.:/-]*$' },
    stage: { description: 'Stage of the job.', default: 'test' },
    image: { description: 'Container image with Node.js 20 or later (node, tar) that runs the bundle.', default: DEFAULT_IMAGE },
  };
  for (const i of a.common) {
    const spec = { description: i.description };
    if (i.name === 'environment') spec.regex = ENVIRONMENT_REGEX;
    else if (i.name === 'mode') {
      spec.options = ['enforce', 'audit'];
      spec.default = i.default ?? 'enforce';
    } else if (i.name === 'policy-sha256') {
      spec.default = '';
      spec.regex = '^([0-9a-fA-F]{64})?$';
    } else spec.default = i.default ?? '';
    inputs[i.name] = spec;
  }
  const variableName = { default: '', regex: '^([A-Za-z_][A-Za-z0-9_]*)?$' };
  if (a.usesApiToken) {
    inputs['gitlab-token-variable'] = { description: 'Name of a masked CI/CD variable holding a GitLab token for API lookups (reading the policy from the default branch, group membership). The job passes its value to the CLI in the environment. Empty: no token.', ...variableName };
  }
  if (a.idToken) {
    inputs['id-token-audience'] = { description: `Audience (aud) of the OIDC token GitLab issues to the job in id_tokens as ${ID_TOKEN_VARIABLE}: ${a.idToken.why}`, default: a.idToken.audience };
  }
  const own = a.own.filter((i) => i.name !== a.idToken?.checkedBy);
  for (const i of own) {
    if (isSecret(i)) inputs[`${i.name}-variable`] = { description: `Name of a masked CI/CD variable holding the value of: ${i.description} The job passes the value to the CLI in the environment, never on a command line.`, ...variableName };
    else if (isBool(i)) inputs[i.name] = { description: i.description, type: 'boolean', default: i.default === 'true' };
    else inputs[i.name] = { description: describe(i, 'gitlab'), default: i.default ?? '' };
  }
  Object.assign(inputs, {
    script: { description: `Commands to run in the same job after an allow (they see the variables the action exports${a.post ? `; the ${a.post} command runs after them, in after_script` : ''}). Empty: the job only decides.`, type: 'array', default: [] },
    version: { description: 'Run another release of the bundle than the component\'s own (e.g. 1.4.2); needs bundle-sha256 for that release.', default: '', regex: '^(\\d+\\.\\d+\\.\\d+)?$' },
    'bundle-url': { description: `Base URL of the releases: the job downloads <bundle-url>/v<version>/${BUNDLE_ASSET}. Set it to mirror the releases.`, default: RELEASE_BASE, regex: '^https?://\\S+$' },
    'bundle-sha256': { description: `SHA-256 of ${BUNDLE_ASSET}, recorded in the component at release; a download with any other digest is refused.`, default: stamp?.sha256 ?? '', regex: '^([0-9a-fA-F]{64})?$' },
    'bundle-path': { description: 'Directory of an unpacked bundle (containing cli.js) to run instead of downloading the release: for tests and air-gapped runners.', default: '' },
  });

  const plain = [...a.common, ...own.filter((i) => !isSecret(i))].map((i) => i.name);
  const secretNames = [...(a.usesApiToken ? ['gitlab-token'] : []), ...own.filter(isSecret).map((i) => i.name)];
  const variables = {
    CIC_RELEASE: stamp?.version ?? DEV_RELEASE,
    CIC_COMPONENT_VERSION: 'version:$[[ component.version ]]',
    CIC_COMPONENT_SHA: '$[[ component.sha ]]',
    CIC_VERSION: '$[[ inputs.version ]]',
    CIC_BUNDLE_URL: '$[[ inputs.bundle-url ]]',
    CIC_BUNDLE_SHA256: '$[[ inputs.bundle-sha256 ]]',
    CIC_BUNDLE_PATH: '$[[ inputs.bundle-path ]]',
    CIC_SECRET_INPUTS: secretNames.join(' '),
  };
  // Credentials: the NAME of the user's masked variable; the value is read at run time by the script.
  for (const n of secretNames) variables[secretRef(n)] = `$[[ inputs.${n}-variable ]]`;
  // Everything else: the value itself, read by the CLI as input <name>.
  for (const n of plain) variables[inputEnv(n)] = `$[[ inputs.${n} ]]`;
  if (a.idToken?.checkedBy) variables[inputEnv(a.idToken.checkedBy)] = '$[[ inputs.id-token-audience ]]';
  // How the pipeline included the component (after the @: 1.2.3, ~latest, a branch or a SHA), for
  // trigger.pinned-action; not an input, so an include cannot claim another reference.
  if (a.actionRef) variables[inputEnv('action-ref')] = '$[[ component.reference ]]';
  const reports = { dotenv: `ci-constraints-${a.name}.env`, junit: a.post ? [`ci-constraints-${a.name}.junit.xml`, `ci-constraints-${a.name}-${a.post}.junit.xml`] : `ci-constraints-${a.name}.junit.xml` };
  if (a.codequality) reports.codequality = `ci-constraints-${a.name}.codequality.json`;
  const paths = [`ci-constraints-${a.name}.json`, ...(a.post ? [`ci-constraints-${a.name}-${a.post}.json`] : []), ...(a.outputDir ? [`$[[ inputs.${a.outputDir.name} ]]/`] : [])];
  const job = {
    stage: '$[[ inputs.stage ]]',
    image: '$[[ inputs.image ]]',
    ...(a.idToken ? { id_tokens: { [ID_TOKEN_VARIABLE]: { aud: '$[[ inputs.id-token-audience ]]' } } } : {}),
    variables,
    // The exports file holds secret values: sourced by this shell, then removed, never an artifact.
    script: [gitlabScript(a.name, 'run'), `if [ -f "${GITLAB_ENV_FILE}" ]; then . "${GITLAB_ENV_FILE}"; rm -f "${GITLAB_ENV_FILE}"; fi`, '$[[ inputs.script ]]'],
    artifacts: { when: 'always', paths, reports },
  };
  // after_script runs after the script input, also when the job failed or was denied.
  if (a.post) job.after_script = [gitlabScript(a.name, a.post)];

  const spec = { spec: { component: ['name', 'sha', 'version', 'reference'], inputs } };
  return `${header(`actions/${a.name}/action.yml`)}# GitLab CI/CD component: ${a.description}\n${stringify(spec, { lineWidth: 0 })}---\n${stringify({ '$[[ inputs.job-name ]]': job }, { lineWidth: 0 })}`;
}

/* ---------------------------------------------------------------------------------- CircleCI */

function orbParameters(a) {
  const parameters = {};
  const envVarName = (i, description) => ({ type: 'env_var_name', default: inputEnv(i), description: `Name of the environment variable (project or context) holding: ${description} Its value reaches the CLI in the environment, never on a command line.` });
  for (const i of a.common) {
    if (i.name === 'environment') parameters[i.name] = { type: 'string', description: i.description };
    else if (i.name === 'mode') parameters[i.name] = { type: 'enum', enum: ['enforce', 'audit'], default: i.default ?? 'enforce', description: i.description };
    else parameters[i.name] = { type: 'string', default: i.default ?? '', description: i.description };
  }
  // CircleCI builds from GitHub: the token for the action's GitHub API lookups (policy-source, and
  // the action's own: required checks, team membership, ...), described as in action.yml.
  if (a.githubToken) parameters['github-token'] = envVarName('github-token', `a GitHub token. ${a.githubToken.description} Unset: no token.`);
  for (const i of a.own) {
    if (isSecret(i)) parameters[i.name] = envVarName(i.name, i.description);
    else if (isBool(i)) parameters[i.name] = { type: 'boolean', default: i.default === 'true', description: i.description };
    else parameters[i.name] = { type: 'string', default: defaultFor(i, 'circleci'), description: describe(i, 'circleci') };
  }
  return parameters;
}

/** The run step's environment: CIC_* for the script, CI_CONSTRAINTS_<INPUT> values for the CLI. */
function orbEnvironment(a, parameters, command) {
  const secret = Object.entries(parameters).filter(([, p]) => p.type === 'env_var_name').map(([n]) => n);
  return {
    // CircleCI exposes the trigger only as a pipeline value: hand it to the context builder.
    CIRCLE_PIPELINE_TRIGGER_SOURCE: '<< pipeline.trigger_source >>',
    CIC_ACTION: a.name,
    CIC_COMMAND: command,
    CIC_SECRET_INPUTS: secret.join(' '),
    ...Object.fromEntries(secret.map((n) => [secretRef(n), `<< parameters.${n} >>`])),
    ...Object.fromEntries(Object.keys(parameters).filter((n) => !secret.includes(n)).map((n) => [inputEnv(n), `<< parameters.${n} >>`])),
  };
}

function orbCommand(a) {
  const parameters = orbParameters(a);
  const steps = [
    { install: {} },
    { run: { name: `ci-constraints ${a.name}`, environment: orbEnvironment(a, parameters, 'run'), command: '<<include(scripts/run.sh)>>' } },
    { store_test_results: { path: 'test-results/ci-constraints' } },
    { store_artifacts: { path: 'ci-constraints-reports', destination: 'ci-constraints' } },
  ];
  if (a.outputDir) steps.push({ store_artifacts: { path: `<< parameters.${a.outputDir.name} >>`, destination: `ci-constraints/${a.outputDir.name}` } });
  const after = a.post ? ` Later steps of the job see what it exports (BASH_ENV); end the job with the ${a.name}-${a.post} command.` : '';
  return `${header(`actions/${a.name}/action.yml`)}description: >\n  ${a.description}${after}\n${stringify({ parameters, steps }, { lineWidth: 0 })}`;
}

/** The post command (revoke, report): a step with `when: always`, placed last in the job. */
function orbPostCommand(a) {
  const parameters = orbParameters(a);
  const steps = [
    { run: { name: `ci-constraints ${a.name} ${a.post}`, when: 'always', environment: orbEnvironment(a, parameters, a.post), command: '<<include(scripts/run.sh)>>' } },
    { store_test_results: { path: 'test-results/ci-constraints' } },
    { store_artifacts: { path: 'ci-constraints-reports', destination: 'ci-constraints' } },
  ];
  return `${header(`actions/${a.name}/action.yml`)}description: >\n  Run ${a.name} ${a.post} (the GitHub action's post step) even when earlier steps failed: make it the last step of a job that ran the ${a.name} command, with the same parameters.\n${stringify({ parameters, steps }, { lineWidth: 0 })}`;
}

function orbJob(a) {
  // The job takes the command's parameters (one source of truth) plus the executor and the steps to guard.
  const commandParameters = orbParameters(a);
  const parameters = {
    'node-tag': { type: 'string', default: '24.11', description: 'Tag of the cimg/node image the job runs in (Node.js 20 or later).' },
    ...commandParameters,
    steps: { type: 'steps', default: [], description: `Steps to run in the same job after an allow (they see what ${a.name} exports).${a.post ? ` ${a.name} ${a.post} runs after them, even when they fail.` : ''}` },
  };
  const pass = Object.fromEntries(Object.keys(commandParameters).map((n) => [n, `<< parameters.${n} >>`]));
  const steps = ['checkout', { [a.name]: pass }, { steps: '<< parameters.steps >>' }, ...(a.post ? [{ [`${a.name}-${a.post}`]: pass }] : [])];
  return `${header(`actions/${a.name}/action.yml`)}description: >\n  Check out the code and run ${a.name}: ${a.description}\n${stringify({ executor: { name: 'default', tag: '<< parameters.node-tag >>' }, parameters, steps }, { lineWidth: 0 })}`;
}

function orbExample(a) {
  const required = (env) => ({ environment: env, policy: 'ci-constraints.yml' });
  const deploy = [{ run: { name: 'deploy', command: './deploy.sh' } }];
  const usage = {
    version: 2.1,
    orbs: { 'ci-constraints': `${ORB_NAME}@1.2.3`, 'ci-constraints-next': `${ORB_NAME}@1` },
    workflows: {
      deploy: {
        jobs: [
          { [`ci-constraints-next/${a.name}`]: { name: `${a.name}-staging`, ...required('staging'), steps: deploy } },
          { [`ci-constraints/${a.name}`]: { name: `${a.name}-production`, ...required('production'), steps: deploy, filters: { branches: { only: 'main' } } } },
        ],
      },
    },
  };
  if (a.post) {
    // In a job of your own: the command, your steps, then the post command (when: always inside).
    usage.jobs = {
      release: {
        docker: [{ image: 'cimg/node:24.11' }],
        steps: ['checkout', { [`ci-constraints/${a.name}`]: required('production') }, ...deploy, { [`ci-constraints/${a.name}-${a.post}`]: required('production') }],
      },
    };
    usage.workflows.deploy.jobs.push({ release: { filters: { branches: { only: 'main' } } } });
  }
  return `${header(`actions/${a.name}/action.yml`)}${stringify({
    description: `Run ${a.name} before deploying: production pins the exact orb version 1.2.3 (immutable); staging follows the major version 1 to pick up fixes early.${a.post ? ` In a job of your own, end with ${a.name}-${a.post}: it runs even when a step failed.` : ''}`,
    usage,
  }, { lineWidth: 0 })}`;
}

/* ------------------------------------------------------------------------------------ files */

export function generatedFiles(dir = root, stamp) {
  const files = {};
  for (const a of actionTable(dir)) {
    files[`gitlab-component/templates/${a.name}.yml`] = gitlabTemplate(a, stamp);
    files[`circleci-orb/src/commands/${a.name}.yml`] = orbCommand(a);
    if (a.post) files[`circleci-orb/src/commands/${a.name}-${a.post}.yml`] = orbPostCommand(a);
    files[`circleci-orb/src/jobs/${a.name}.yml`] = orbJob(a);
    files[`circleci-orb/src/examples/${a.name}.yml`] = orbExample(a);
  }
  return files;
}

function main(argv) {
  const arg = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const version = arg('--release');
  const sha256 = arg('--bundle-sha256');
  if ((version === undefined) !== (sha256 === undefined)) throw new Error('--release and --bundle-sha256 go together');
  if (version !== undefined && !/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`--release ${version}: expected X.Y.Z`);
  if (sha256 !== undefined && !/^[0-9a-f]{64}$/.test(sha256)) throw new Error('--bundle-sha256: expected 64 lowercase hex digits');
  const files = generatedFiles(root, version ? { version, sha256 } : undefined);
  const stale = [];
  for (const [path, text] of Object.entries(files)) {
    const file = join(root, path);
    const old = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (old === text) continue;
    if (argv.includes('--check')) stale.push(path);
    else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  }
  if (stale.length) {
    console.error(`out of date (run node scripts/generate-surfaces.mjs): ${stale.join(', ')}`);
    process.exitCode = 1;
  } else console.log(`${Object.keys(files).length} surface files ${argv.includes('--check') ? 'up to date' : 'written'}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
