import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ActionOutcome } from '../actions/types.js';
import type { PlatformName } from '../context/types.js';
import type { Decision } from '../decision.js';
import type { RunnerPlatform } from '../platform/index.js';
import { toDotenv } from './dotenv.js';
import { toJUnit } from './junit.js';
import { toMarkdown } from './markdown.js';

/** GitHub shows 10 error annotations per step; past that, one annotation says how many more. */
export const ANNOTATION_LIMIT = 10;

type NativeFile = 'junit' | 'dotenv' | 'codequality';

/** Which report files each platform's CI understands, and where they go by default. */
const NATIVE_FILES: Record<PlatformName, Partial<Record<NativeFile, string>>> = {
  github: {},
  gitlab: { junit: 'ci-constraints-{action}.junit.xml', dotenv: 'ci-constraints-{action}.env', codequality: 'ci-constraints-{action}.codequality.json' },
  circleci: { junit: 'test-results/ci-constraints/{action}.xml' },
  local: {},
};

export function emitNative(platform: RunnerPlatform, d: Decision, outcome: ActionOutcome | undefined, reportPath: string | undefined, invocation: string = d.action): void {
  for (const [name, value] of Object.entries(outcome?.outputs ?? {})) platform.setOutput(name, value);
  platform.setOutput('decision', d.decision);
  platform.setOutput('violations', String(d.violations.length));
  platform.setOutput('enforced', String(d.mode === 'enforce'));
  if (reportPath) platform.setOutput('report', reportPath);

  if (platform.name === 'github') {
    platform.appendSummary(toMarkdown(d, outcome?.summary));
    const level = d.mode === 'audit' ? 'warning' : 'error';
    for (const v of d.violations.slice(0, ANNOTATION_LIMIT)) {
      platform.annotate({
        level,
        title: `ci-constraints ${d.action}: ${v.rule}${d.mode === 'audit' ? ' (NOT ENFORCED)' : ''}`,
        message: v.message,
        ...(v.subject ? { file: v.subject.file, ...(v.subject.line ? { line: v.subject.line } : {}) } : {}),
      });
    }
    const more = d.violations.length - ANNOTATION_LIMIT;
    if (more > 0) platform.annotate({ level, title: `ci-constraints ${d.action}`, message: `${more} more violation(s): see the job summary or the JSON report` });
  }

  const files = NATIVE_FILES[platform.name];
  const path = (kind: NativeFile) => {
    const chosen = platform.input(kind) ?? files[kind];
    return chosen?.replace('{action}', d.action);
  };
  const junit = path('junit');
  if (junit) write(junit, toJUnit(d));
  const dotenv = path('dotenv');
  if (dotenv) write(dotenv, toDotenv(d, platform.outputs));
  const codequality = path('codequality');
  const cq = outcome?.artifacts?.find((a) => a.kind === 'codequality');
  if (codequality && cq) write(codequality, `${JSON.stringify(cq.content, null, 2)}\n`);
  // Findings as SARIF, for security-gate or a code-scanning upload: always written, path as an output.
  const sarifArtifact = outcome?.artifacts?.find((a) => a.kind === 'sarif');
  if (sarifArtifact) {
    const sarif = platform.input('sarif-output') ?? join(platform.tempDir(), `${invocation}.sarif`);
    write(sarif, `${JSON.stringify(sarifArtifact.content, null, 2)}\n`);
    platform.setOutput('sarif', sarif);
  }
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
