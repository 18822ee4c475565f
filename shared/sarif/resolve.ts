import type { ComponentFacts, InvocationFacts, Kind, Level, RuleFacts, RuleRef, ToolFacts } from './model.js';

export interface ResolvedRule {
  rule?: RuleFacts;
  /** The tool component the rule was found in (driver or extension name). */
  component?: string;
  /** Where the level came from (SARIF 2.1.0 §3.27.10). */
  levelSource: 'explicit' | 'kind' | 'override' | 'rule-default' | 'spec-default';
  level: Level;
}

/**
 * Finds a result's rule and effective level, per SARIF 2.1.0 §3.27.10 and §3.52:
 * `level` if present; else `none` when `kind` is present and not `fail`; else the level from
 * `invocations[].ruleConfigurationOverrides` for the rule; else the rule's
 * `defaultConfiguration.level`; else `warning`. The rule is looked up by index, then id, in
 * `tool.driver` or the extension named by `rule.toolComponent`, and, when the result names no
 * component, in the extensions by id.
 */
export class RuleResolver {
  private readonly byId = new Map<ComponentFacts, Map<string, number>>();
  constructor(
    private readonly tool: ToolFacts,
    private readonly invocations: InvocationFacts[] = [],
  ) {}

  private index(c: ComponentFacts): Map<string, number> {
    let m = this.byId.get(c);
    if (!m) {
      m = new Map();
      c.rules.forEach((r, i) => {
        if (!m!.has(r.id)) m!.set(r.id, i);
        if (r.guid && !m!.has(`guid:${r.guid}`)) m!.set(`guid:${r.guid}`, i);
      });
      this.byId.set(c, m);
    }
    return m;
  }

  private component(ref: RuleRef['component']): ComponentFacts | undefined {
    if (!ref) return this.tool.driver;
    if (ref.index !== undefined) return this.tool.extensions[ref.index];
    if (ref.guid !== undefined) {
      if (this.tool.driver.guid === ref.guid) return this.tool.driver;
      return this.tool.extensions.find((e) => e.guid === ref.guid);
    }
    if (ref.name !== undefined) {
      if (this.tool.driver.name === ref.name) return this.tool.driver;
      return this.tool.extensions.find((e) => e.name === ref.name);
    }
    return this.tool.driver;
  }

  private inComponent(c: ComponentFacts, ref: RuleRef): RuleFacts | undefined {
    if (ref.index !== undefined) {
      const r = c.rules[ref.index];
      if (r) return r;
    }
    const ids = this.index(c);
    if (ref.guid !== undefined) {
      const i = ids.get(`guid:${ref.guid}`);
      if (i !== undefined) return c.rules[i];
    }
    if (ref.id !== undefined) {
      // Hierarchical ids ("CA2101/1") fall back to their parent rule.
      let id = ref.id;
      for (;;) {
        const i = ids.get(id);
        if (i !== undefined) return c.rules[i];
        const cut = id.lastIndexOf('/');
        if (cut <= 0) break;
        id = id.slice(0, cut);
      }
    }
    return undefined;
  }

  find(ref: RuleRef): { rule: RuleFacts; component: ComponentFacts } | undefined {
    const c = this.component(ref.component);
    if (c) {
      const r = this.inComponent(c, ref);
      if (r) return { rule: r, component: c };
    }
    if (!ref.component && ref.id !== undefined) {
      for (const e of this.tool.extensions) {
        const r = this.inComponent(e, { id: ref.id });
        if (r) return { rule: r, component: e };
      }
    }
    return undefined;
  }

  private override(found: { rule: RuleFacts; component: ComponentFacts }): Level | undefined {
    let level: Level | undefined;
    for (const inv of this.invocations) {
      for (const o of inv.overrides) {
        if (o.level === undefined) continue;
        const target = this.find(o.descriptor);
        if (target && target.rule === found.rule && target.component === found.component) level = o.level;
      }
    }
    return level;
  }

  resolve(ref: RuleRef, level: Level | undefined, kind: Kind | 'fail'): ResolvedRule {
    const found = this.find(ref);
    const base: Omit<ResolvedRule, 'levelSource' | 'level'> = found ? { rule: found.rule, component: found.component.name } : {};
    if (level !== undefined) return { ...base, level, levelSource: 'explicit' };
    if (kind !== 'fail') return { ...base, level: 'none', levelSource: 'kind' };
    if (found) {
      const o = this.override(found);
      if (o !== undefined) return { ...base, level: o, levelSource: 'override' };
      if (found.rule.level !== undefined) return { ...base, level: found.rule.level, levelSource: 'rule-default' };
    }
    return { ...base, level: 'warning', levelSource: 'spec-default' };
  }
}
