import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Platform } from '../../shared/platform/types.js';
import { Redactor } from '../../shared/platform/redact.js';
import type { PlatformName } from '../../shared/context/types.js';

/** An in-memory Platform for unit tests: records logs, outputs, exports and state. */
export interface MemoryPlatform extends Platform {
  logs: string[];
  outputs: Record<string, string>;
  exported: Record<string, string>;
  state: Record<string, string>;
  masked: string[];
}

export function memoryPlatform(
  opts: { name?: PlatformName; inputs?: Record<string, string>; variables?: Record<string, string>; idToken?: (aud?: string) => Promise<string> } = {},
): MemoryPlatform {
  const redactor = new Redactor();
  const logs: string[] = [];
  const record = (level: string) => (m: string) => void logs.push(`${level}: ${redactor.redact(m)}`);
  const dir = mkdtempSync(join(tmpdir(), 'cic-test-'));
  const p: MemoryPlatform = {
    name: opts.name ?? 'local',
    log: { info: record('info'), warning: record('warning'), error: record('error'), debug: record('debug') },
    logs,
    outputs: {},
    exported: {},
    state: {},
    masked: [],
    input: (name) => (opts.inputs?.[name] ? opts.inputs[name] : undefined),
    mask(value) {
      p.masked.push(value);
      redactor.add(value);
    },
    setOutput(name, value, options) {
      if (options?.secret) p.mask(value);
      p.outputs[name] = value;
    },
    exportVariable(name, value) {
      p.exported[name] = value;
    },
    tempDir: () => dir,
    saveState(name, value) {
      p.state[name] = value;
    },
    getState: (name) => p.state[name],
    idToken: opts.idToken ?? (async () => {
      throw new Error('no OIDC token in this test platform');
    }),
    variable: (name) => opts.variables?.[name],
  };
  return p;
}
