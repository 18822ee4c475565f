/**
 * SARIF 2.1.0 for a static-credential scan, shaped for code scanning and for security-gate:
 * each rule carries `properties.security-severity`; results carry only redacted secrets.
 */
import { createHash } from 'node:crypto';
import { CI_RULES } from './ci-config.js';
import type { ScanResult } from './index.js';
import { builtinRules } from './rules.js';

const TOOL = 'ci-constraints secret scan';
const INFO_URI = 'https://github.com/ci-constraints/ci-constraints/blob/main/README.md#static-credentials';
const DEFAULT_SEVERITY = 7;

interface RuleMeta {
  id: string;
  description: string;
  severity: number;
  kind: 'credential' | 'ci-config';
}

function catalogue(): Map<string, RuleMeta> {
  const map = new Map<string, RuleMeta>();
  for (const r of builtinRules()) map.set(r.id, { id: r.id, description: r.description, severity: r.severity, kind: 'credential' });
  for (const r of Object.values(CI_RULES)) map.set(r.id, { id: r.id, description: r.description, severity: r.severity, kind: 'ci-config' });
  return map;
}

function level(severity: number): 'error' | 'warning' | 'note' {
  return severity >= 7 ? 'error' : severity >= 4 ? 'warning' : 'note';
}

function uri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

export function scanToSarif(result: ScanResult): object {
  const known = catalogue();
  const used = new Map<string, RuleMeta>();
  for (const meta of known.values()) used.set(meta.id, meta);
  for (const f of result.findings) {
    if (!used.has(f.rule)) used.set(f.rule, { id: f.rule, description: f.description, severity: DEFAULT_SEVERITY, kind: f.kind });
  }
  const rules = [...used.values()];
  const indexOf = new Map(rules.map((r, i) => [r.id, i]));

  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL,
            informationUri: INFO_URI,
            semanticVersion: '1.0.0',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase()),
              shortDescription: { text: r.description },
              fullDescription: {
                text:
                  r.kind === 'credential'
                    ? `${r.description}. A literal credential in the repository is readable by everyone with read access and stays in git history: revoke it and load it from Vault at run time.`
                    : `${r.description}. Secrets should come from Vault at run time; only names in secrets.static-allowed may come from the CI system.`,
              },
              help: { text: 'Revoke the credential, remove it from the file (and history), and read it from Vault in the job instead.' },
              defaultConfiguration: { level: level(r.severity) },
              properties: {
                'security-severity': r.severity.toFixed(1),
                tags: ['security', r.kind === 'credential' ? 'secret' : 'ci-config', 'external/cwe/cwe-798'],
                precision: r.id === 'generic-api-key' ? 'medium' : 'high',
                'problem.severity': level(r.severity) === 'note' ? 'recommendation' : level(r.severity),
              },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The scanned working tree.' } } },
        results: result.findings.map((f) => {
          const meta = used.get(f.rule)!;
          return {
            ruleId: f.rule,
            ruleIndex: indexOf.get(f.rule)!,
            level: level(meta.severity),
            message: { text: f.kind === 'credential' ? `${f.description}: ${f.redacted}` : f.description },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: uri(f.file), uriBaseId: '%SRCROOT%' },
                  region: { startLine: Math.max(1, f.line), startColumn: Math.max(1, f.column) },
                },
              },
            ],
            partialFingerprints: {
              'ciConstraintsFinding/v1': createHash('sha256').update(`${f.rule}\0${f.file}\0${f.line}\0${f.redacted}`).digest('hex').slice(0, 32),
            },
          };
        }),
        properties: { filesScanned: result.filesScanned, bytesScanned: result.bytesScanned },
      },
    ],
  };
}
