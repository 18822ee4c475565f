import { createHash } from 'node:crypto';
import type { SarifProblem } from './errors.js';
import { typeName } from './stream.js';

/**
 * The parts of SARIF 2.1.0 the gate reads, checked against the types the schema gives them, and
 * normalised into small records. Problems are collected with their JSON path, not thrown one by one.
 */
export const LEVELS = ['none', 'note', 'warning', 'error'] as const;
export type Level = (typeof LEVELS)[number];
export const KINDS = ['notApplicable', 'pass', 'fail', 'review', 'open', 'informational'] as const;
export type Kind = (typeof KINDS)[number];
export const BASELINE_STATES = ['new', 'unchanged', 'updated', 'absent'] as const;
export type BaselineState = (typeof BASELINE_STATES)[number];
export const BANDS = ['critical', 'high', 'medium', 'low'] as const;
export type Band = (typeof BANDS)[number];

export interface ComponentRef {
  index?: number;
  name?: string;
  guid?: string;
}
/** How a result names its rule: `ruleId`/`ruleIndex` and/or `rule` (a reportingDescriptorReference). */
export interface RuleRef {
  id?: string;
  index?: number;
  guid?: string;
  component?: ComponentRef;
}

export interface ResultFacts {
  rule: RuleRef;
  /** The rule as the result names it (id, else guid, else `#index`), for baselines and samples. */
  ruleKey: string;
  level?: Level;
  kind: Kind;
  /** Non-empty `suppressions` and none of them `underReview` or `rejected` (as the SARIF SDK reads it). */
  suppressed: boolean;
  baselineState?: BaselineState;
  uri?: string;
  artifactIndex?: number;
  line?: number;
  message: string;
  /** `name=value` from `fingerprints` and `partialFingerprints`. */
  fingerprints: string[];
  /** The region's snippet (trimmed, first 200 characters) when it has one, else its coordinates. */
  regionKey: string;
}

export interface RuleFacts {
  id: string;
  name?: string;
  guid?: string;
  level?: Level;
  securitySeverity?: number;
}
export interface ComponentFacts {
  name: string;
  guid?: string;
  rules: RuleFacts[];
}
export interface ToolFacts {
  driver: ComponentFacts;
  extensions: ComponentFacts[];
}
export interface OverrideFacts {
  descriptor: RuleRef;
  level?: Level;
}
export interface InvocationFacts {
  /** Epoch ms of `endTimeUtc` (else `startTimeUtc`), when given. */
  time?: number;
  overrides: OverrideFacts[];
}

const MESSAGE_MAX = 300;

export class Problems {
  readonly list: SarifProblem[] = [];
  constructor(readonly limit = 20) {}
  add(path: string, message: string): void {
    if (this.list.length < this.limit) this.list.push({ path, message });
  }
  get full(): boolean {
    return this.list.length >= this.limit;
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(o: Obj, key: string, path: string, p: Problems): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') {
    p.add(`${path}.${key}`, `must be a string, found ${typeName(v)}`);
    return undefined;
  }
  return v;
}

function int(o: Obj, key: string, path: string, p: Problems, min: number): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    p.add(`${path}.${key}`, `must be an integer >= ${min}, found ${JSON.stringify(v)}`);
    return undefined;
  }
  return v;
}

function oneOf<T extends string>(o: Obj, key: string, allowed: readonly T[], path: string, p: Problems): T | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    p.add(`${path}.${key}`, `must be one of ${allowed.join(', ')}, found ${JSON.stringify(v)}`);
    return undefined;
  }
  return v as T;
}

function obj(o: Obj, key: string, path: string, p: Problems): Obj | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!isObj(v)) {
    p.add(`${path}.${key}`, `must be an object, found ${typeName(v)}`);
    return undefined;
  }
  return v;
}

function arr(o: Obj, key: string, path: string, p: Problems): unknown[] | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) {
    p.add(`${path}.${key}`, `must be an array, found ${typeName(v)}`);
    return undefined;
  }
  return v;
}

function stringMap(o: Obj, key: string, path: string, p: Problems, out: string[]): void {
  const m = obj(o, key, path, p);
  if (!m) return;
  for (const [k, v] of Object.entries(m)) {
    if (typeof v !== 'string') p.add(`${path}.${key}.${k}`, `must be a string, found ${typeName(v)}`);
    else out.push(`${k}=${v}`);
  }
}

function componentRef(o: Obj, path: string, p: Problems): ComponentRef | undefined {
  const c = obj(o, 'toolComponent', path, p);
  if (!c) return undefined;
  const ref: ComponentRef = {};
  const index = int(c, 'index', `${path}.toolComponent`, p, -1);
  const name = str(c, 'name', `${path}.toolComponent`, p);
  const guid = str(c, 'guid', `${path}.toolComponent`, p);
  if (index !== undefined && index >= 0) ref.index = index;
  if (name !== undefined) ref.name = name;
  if (guid !== undefined) ref.guid = guid;
  return ref;
}

function descriptorRef(d: Obj, path: string, p: Problems): RuleRef {
  const ref: RuleRef = {};
  const id = str(d, 'id', path, p);
  const index = int(d, 'index', path, p, -1);
  const guid = str(d, 'guid', path, p);
  const component = componentRef(d, path, p);
  if (id !== undefined) ref.id = id;
  if (index !== undefined && index >= 0) ref.index = index;
  if (guid !== undefined) ref.guid = guid;
  if (component) ref.component = component;
  return ref;
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Check one `runs[i].results[j]` value and reduce it to what the gate needs. */
export function resultFacts(v: unknown, path: string, p: Problems): ResultFacts | undefined {
  if (!isObj(v)) {
    p.add(path, `a result must be an object, found ${typeName(v)}`);
    return undefined;
  }
  const before = p.list.length;
  let message = '';
  const m = v['message'];
  if (m === undefined) p.add(`${path}.message`, 'is required');
  else if (!isObj(m)) p.add(`${path}.message`, `must be an object, found ${typeName(m)}`);
  else {
    const text = str(m, 'text', `${path}.message`, p);
    const id = str(m, 'id', `${path}.message`, p);
    if (text === undefined && id === undefined && m['text'] === undefined && m['id'] === undefined) p.add(`${path}.message`, 'needs "text" or "id"');
    message = (text ?? id ?? '').slice(0, MESSAGE_MAX);
  }
  const rule: RuleRef = {};
  const ruleId = str(v, 'ruleId', path, p);
  const ruleIndex = int(v, 'ruleIndex', path, p, -1);
  const r = obj(v, 'rule', path, p);
  if (r) Object.assign(rule, descriptorRef(r, `${path}.rule`, p));
  if (ruleId !== undefined) rule.id = ruleId;
  if (ruleIndex !== undefined && ruleIndex >= 0 && rule.index === undefined) rule.index = ruleIndex;
  const level = oneOf(v, 'level', LEVELS, path, p);
  const kind = oneOf(v, 'kind', KINDS, path, p);
  const baselineState = oneOf(v, 'baselineState', BASELINE_STATES, path, p);

  let suppressed = false;
  const sups = arr(v, 'suppressions', path, p);
  if (sups) {
    let rejected = false;
    sups.forEach((s, i) => {
      const sp = `${path}.suppressions[${i}]`;
      if (!isObj(s)) return p.add(sp, `must be an object, found ${typeName(s)}`);
      if (s['kind'] === undefined) p.add(`${sp}.kind`, 'is required');
      oneOf(s, 'kind', ['inSource', 'external'] as const, sp, p);
      const status = oneOf(s, 'status', ['accepted', 'underReview', 'rejected'] as const, sp, p);
      if (status === 'underReview' || status === 'rejected') rejected = true;
    });
    suppressed = sups.length > 0 && !rejected;
  }

  let uri: string | undefined;
  let artifactIndex: number | undefined;
  let line: number | undefined;
  let regionKey = '';
  const locs = arr(v, 'locations', path, p);
  if (locs) {
    locs.forEach((l, i) => {
      const lp = `${path}.locations[${i}]`;
      if (!isObj(l)) return p.add(lp, `must be an object, found ${typeName(l)}`);
      const phys = obj(l, 'physicalLocation', lp, p);
      if (!phys) return;
      const pp = `${lp}.physicalLocation`;
      const al = obj(phys, 'artifactLocation', pp, p);
      const region = obj(phys, 'region', pp, p);
      let u: string | undefined;
      let ai: number | undefined;
      if (al) {
        u = str(al, 'uri', `${pp}.artifactLocation`, p);
        ai = int(al, 'index', `${pp}.artifactLocation`, p, -1);
      }
      let ln: number | undefined;
      let rk = '';
      if (region) {
        const rp = `${pp}.region`;
        ln = int(region, 'startLine', rp, p, 1);
        const sc = int(region, 'startColumn', rp, p, 1);
        const el = int(region, 'endLine', rp, p, 1);
        const ec = int(region, 'endColumn', rp, p, 1);
        const snippet = obj(region, 'snippet', rp, p);
        const st = snippet ? str(snippet, 'text', `${rp}.snippet`, p) : undefined;
        rk = st !== undefined ? `s:${st.trim().slice(0, 200)}` : `r:${ln ?? ''}:${sc ?? ''}:${el ?? ''}:${ec ?? ''}`;
      }
      if (i === 0) {
        uri = u;
        if (ai !== undefined && ai >= 0) artifactIndex = ai;
        line = ln;
        regionKey = rk;
      }
    });
  }
  const fingerprints: string[] = [];
  stringMap(v, 'fingerprints', path, p, fingerprints);
  stringMap(v, 'partialFingerprints', path, p, fingerprints);
  if (p.list.length > before) return undefined;

  const ruleKey = rule.id ?? rule.guid ?? (rule.index !== undefined ? `#${rule.index}` : '(no rule)');
  const facts: ResultFacts = { rule, ruleKey, kind: kind ?? 'fail', suppressed, message, fingerprints, regionKey };
  if (level !== undefined) facts.level = level;
  if (baselineState !== undefined) facts.baselineState = baselineState;
  if (uri !== undefined) facts.uri = uri;
  if (artifactIndex !== undefined) facts.artifactIndex = artifactIndex;
  if (line !== undefined) facts.line = line;
  return facts;
}

function severity(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function componentFacts(v: unknown, path: string, p: Problems): ComponentFacts | undefined {
  if (!isObj(v)) {
    p.add(path, `must be an object, found ${typeName(v)}`);
    return undefined;
  }
  const name = str(v, 'name', path, p);
  if (v['name'] === undefined) p.add(`${path}.name`, 'is required');
  const guid = str(v, 'guid', path, p);
  const rules: RuleFacts[] = [];
  (arr(v, 'rules', path, p) ?? []).forEach((r, i) => {
    const rp = `${path}.rules[${i}]`;
    if (!isObj(r)) return p.add(rp, `must be an object, found ${typeName(r)}`);
    const id = str(r, 'id', rp, p);
    if (r['id'] === undefined) p.add(`${rp}.id`, 'is required');
    const rule: RuleFacts = { id: id ?? '' };
    const rname = str(r, 'name', rp, p);
    if (rname !== undefined) rule.name = rname;
    const rguid = str(r, 'guid', rp, p);
    if (rguid !== undefined) rule.guid = rguid;
    const dc = obj(r, 'defaultConfiguration', rp, p);
    if (dc) {
      const level = oneOf(dc, 'level', LEVELS, `${rp}.defaultConfiguration`, p);
      if (level !== undefined) rule.level = level;
    }
    const props = obj(r, 'properties', rp, p);
    if (props) {
      const s = severity(props['security-severity']);
      if (s !== undefined) rule.securitySeverity = s;
    }
    rules.push(rule);
  });
  const c: ComponentFacts = { name: name ?? '', rules };
  if (guid !== undefined) c.guid = guid;
  return c;
}

/** `runs[i].tool`: required, with `driver.name`. */
export function toolFacts(v: unknown, path: string, p: Problems): ToolFacts | undefined {
  if (!isObj(v)) {
    p.add(path, `must be an object, found ${typeName(v)}`);
    return undefined;
  }
  if (v['driver'] === undefined) {
    p.add(`${path}.driver`, 'is required');
    return undefined;
  }
  const driver = componentFacts(v['driver'], `${path}.driver`, p);
  const extensions: ComponentFacts[] = [];
  (arr(v, 'extensions', path, p) ?? []).forEach((e, i) => {
    const c = componentFacts(e, `${path}.extensions[${i}]`, p);
    if (c) extensions.push(c);
  });
  return driver ? { driver, extensions } : undefined;
}

function time(o: Obj, key: string, path: string, p: Problems): number | undefined {
  const s = str(o, key, path, p);
  if (s === undefined) return undefined;
  const t = Date.parse(s);
  if (!Number.isFinite(t) || !/^\d{4}-\d{2}-\d{2}T/.test(s)) {
    p.add(`${path}.${key}`, `must be an ISO 8601 date-time, found ${JSON.stringify(s)}`);
    return undefined;
  }
  return t;
}

/** `runs[i].invocations`: analysis times and rule configuration overrides. */
export function invocationFacts(v: unknown, path: string, p: Problems): InvocationFacts[] {
  if (!Array.isArray(v)) {
    p.add(path, `must be an array, found ${typeName(v)}`);
    return [];
  }
  const out: InvocationFacts[] = [];
  v.forEach((inv, i) => {
    const ip = `${path}[${i}]`;
    if (!isObj(inv)) return p.add(ip, `must be an object, found ${typeName(inv)}`);
    if (typeof inv['executionSuccessful'] !== 'boolean') p.add(`${ip}.executionSuccessful`, `is required and must be a boolean, found ${typeName(inv['executionSuccessful'])}`);
    const end = time(inv, 'endTimeUtc', ip, p);
    const start = time(inv, 'startTimeUtc', ip, p);
    const overrides: OverrideFacts[] = [];
    (arr(inv, 'ruleConfigurationOverrides', ip, p) ?? []).forEach((o, j) => {
      const op = `${ip}.ruleConfigurationOverrides[${j}]`;
      if (!isObj(o)) return p.add(op, `must be an object, found ${typeName(o)}`);
      const d = obj(o, 'descriptor', op, p);
      const c = obj(o, 'configuration', op, p);
      if (!d || !c) {
        if (o['descriptor'] === undefined || o['configuration'] === undefined) p.add(op, 'needs "descriptor" and "configuration"');
        return;
      }
      const ov: OverrideFacts = { descriptor: descriptorRef(d, `${op}.descriptor`, p) };
      const level = oneOf(c, 'level', LEVELS, `${op}.configuration`, p);
      if (level !== undefined) ov.level = level;
      overrides.push(ov);
    });
    const f: InvocationFacts = { overrides };
    const t = end ?? start;
    if (t !== undefined) f.time = t;
    out.push(f);
  });
  return out;
}

/** `runs[i].artifacts`: the URIs that `artifactLocation.index` points at. */
export function artifactUris(v: unknown, path: string, p: Problems): (string | undefined)[] {
  if (!Array.isArray(v)) {
    p.add(path, `must be an array, found ${typeName(v)}`);
    return [];
  }
  return v.map((a, i) => {
    if (!isObj(a)) {
      p.add(`${path}[${i}]`, `must be an object, found ${typeName(a)}`);
      return undefined;
    }
    const loc = obj(a, 'location', `${path}[${i}]`, p);
    return loc ? str(loc, 'uri', `${path}[${i}].location`, p) : undefined;
  });
}

/** GitHub's bands: critical >= 9.0, high >= 7.0, medium >= 4.0, low > 0. */
export function band(score: number | undefined): Band | undefined {
  if (score === undefined || !(score > 0)) return undefined;
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}
