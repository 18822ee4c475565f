import type { MountInfo, VaultClient } from './client.js';
import { VaultError, type VaultFailure } from './errors.js';
import type { SecretRequest } from './spec.js';
import { defaultName } from './spec.js';

/** One Vault path read (several requests may share it), with what was learnt about its mount. */
export interface PathRead {
  path: string;
  /** The logical path actually read (`secret/data/ci/app` for KV v2). */
  logicalPath?: string;
  engine?: 'kv1' | 'kv2' | string;
  /** KV version asked for, when the request gave one. */
  expectedKv?: 1 | 2;
  detectedKv?: 1 | 2;
  leaseId?: string;
  leaseDuration?: number;
  error?: { failure: VaultFailure; message: string };
  /** Keys present (names only, never values). */
  keys?: string[];
}

/** One value to export. `value` is secret. */
export interface SecretValue {
  name: string;
  value: string;
  file: boolean;
  output: boolean;
  path: string;
  key: string | undefined;
}

/** The outcome for one request: its values, or the missing key. */
export interface Selection {
  request: SecretRequest;
  found: boolean;
  /** Names of the variables it produces. */
  names: string[];
}

export interface ReadOutcome {
  reads: PathRead[];
  selections: Selection[];
  values: SecretValue[];
}

/**
 * Read every requested path once and pick the keys. KV v1/v2 comes from `sys/internal/ui/mounts`
 * (or the request's `kv` when Vault will not say); a given version that contradicts the mount, or an
 * answer whose shape contradicts the version, is a `kv-version` failure. Non-KV engines (database,
 * aws, …) are read as they are and their leases kept for revocation.
 */
export async function readSecrets(client: VaultClient, requests: SecretRequest[], onValue: (value: string) => void): Promise<ReadOutcome> {
  const byPath = new Map<string, SecretRequest[]>();
  for (const r of requests) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
  const reads: PathRead[] = [];
  const selections: Selection[] = [];
  const values: SecretValue[] = [];
  // Vault refuses overlapping mounts, so a mount found for one path holds every path below it.
  const mounts: MountInfo[] = [];
  const mountOf = async (path: string): Promise<MountInfo | undefined> => {
    const known = mounts.find((m) => path === m.path || path.startsWith(`${m.path}/`));
    if (known) return known;
    const found = await client.mountInfo(path);
    if (found) mounts.push(found);
    return found;
  };
  for (const [path, group] of byPath) {
    const given = [...new Set(group.map((r) => r.kv).filter((v): v is 1 | 2 => v !== undefined))];
    const read: PathRead = { path };
    if (given.length > 1) {
      read.error = { failure: 'kv-version', message: `${path} is requested as both KV v1 and KV v2` };
      reads.push(read);
      for (const r of group) selections.push({ request: r, found: false, names: [] });
      continue;
    }
    if (given[0] !== undefined) read.expectedKv = given[0];
    let data: Record<string, unknown> | undefined;
    try {
      data = await readOne(client, read, mountOf);
    } catch (err) {
      read.error = err instanceof VaultError ? { failure: err.failure, message: err.message } : { failure: 'bad-response', message: err instanceof Error ? err.message : String(err) };
    }
    reads.push(read);
    if (!data) {
      for (const r of group) selections.push({ request: r, found: false, names: [] });
      continue;
    }
    // Mask every string in the secret first, even keys nobody asked for: they are now in memory.
    // (Bare numbers and booleans are not masked alone: masking "true" would blank every log line.)
    for (const v of stringLeaves(data)) onValue(v);
    onValue(JSON.stringify(data));
    read.keys = Object.keys(data).sort();
    for (const r of group) {
      if (r.key === undefined) {
        values.push({ name: r.name, value: JSON.stringify(data), file: r.file === true, output: r.output === true, path, key: undefined });
        selections.push({ request: r, found: true, names: [r.name] });
      } else if (r.key === '*') {
        const names: string[] = [];
        for (const [k, v] of Object.entries(data)) {
          const name = `${r.name}${defaultName(k)}`;
          names.push(name);
          values.push({ name, value: stringify(v), file: false, output: r.output === true, path, key: k });
        }
        selections.push({ request: r, found: names.length > 0, names });
      } else if (Object.prototype.hasOwnProperty.call(data, r.key)) {
        values.push({ name: r.name, value: stringify(data[r.key]), file: r.file === true, output: r.output === true, path, key: r.key });
        selections.push({ request: r, found: true, names: [r.name] });
      } else {
        selections.push({ request: r, found: false, names: [] });
      }
    }
  }
  return { reads, selections, values };
}

function stringLeaves(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) stringLeaves(x, out);
  else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) stringLeaves(x, out);
  return out;
}

function stringify(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

async function readOne(client: VaultClient, read: PathRead, mountOf: (path: string) => Promise<MountInfo | undefined>): Promise<Record<string, unknown>> {
  const mount: MountInfo | undefined = await mountOf(read.path);
  if (mount && mount.type !== 'kv' && mount.type !== 'generic') {
    read.engine = mount.type;
    read.logicalPath = read.path;
    if (read.expectedKv !== undefined) {
      throw new VaultError('kv-version', `${read.path} is on a ${mount.type} mount, not KV v${read.expectedKv}`, { hint: `drop "kv: ${read.expectedKv}" for this path` });
    }
    const res = await client.read(read.path);
    if (res.leaseId) read.leaseId = res.leaseId;
    read.leaseDuration = res.leaseDuration;
    return res.data;
  }
  const detected = mount?.version;
  if (detected !== undefined) read.detectedKv = detected;
  if (detected !== undefined && read.expectedKv !== undefined && detected !== read.expectedKv) {
    throw new VaultError('kv-version', `${read.path} is on KV v${detected} mount "${mount!.path}", but the request says KV v${read.expectedKv}`, { hint: `set kv: ${detected} or drop kv and let the mount decide` });
  }
  const version = detected ?? read.expectedKv;
  const logical = version === 2 && mount ? v2DataPath(mount.path, read.path) : read.path;
  read.logicalPath = logical;
  read.engine = version === 2 ? 'kv2' : version === 1 ? 'kv1' : 'kv';
  const res = await client.read(logical);
  if (res.leaseId) read.leaseId = res.leaseId;
  read.leaseDuration = res.leaseDuration;
  const looksV2 = isV2Shape(res.data);
  if (version === 2) {
    if (!looksV2) throw new VaultError('kv-version', `${read.path} was read as KV v2, but the answer has no data/metadata (is the mount KV v1?)`, { hint: 'set kv: 1 for this path' });
    return res.data.data as Record<string, unknown>;
  }
  if (version === 1) {
    if (looksV2 && !mount) throw new VaultError('kv-version', `${read.path} was read as KV v1, but the answer is a KV v2 envelope`, { hint: 'set kv: 2 for this path' });
    return res.data;
  }
  // Vault would not name the mount and the request gave no version: go by the answer's shape.
  read.engine = looksV2 ? 'kv2' : 'kv1';
  return looksV2 ? (res.data.data as Record<string, unknown>) : res.data;
}

/** `secret` + `secret/ci/app` → `secret/data/ci/app`; a path that already has `data/` (vault-action style) stays. */
export function v2DataPath(mount: string, path: string): string {
  const m = mount.replace(/\/+$/, '');
  const rest = path === m ? '' : path.slice(m.length + 1);
  if (rest.startsWith('data/')) return path;
  return `${m}/data/${rest}`;
}

function isV2Shape(d: Record<string, unknown>): boolean {
  const meta = d.metadata as Record<string, unknown> | null | undefined;
  return Object.keys(d).length === 2 && d.data !== null && typeof d.data === 'object' && !Array.isArray(d.data) && meta !== null && typeof meta === 'object' && 'version' in meta;
}
