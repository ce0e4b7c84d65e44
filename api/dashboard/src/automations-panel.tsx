// The lifecycle automations: every rule in force or available (the built-in ones that follow the
// segments and the merchant's own), what each does, and how it performs; a switch turns one on or off.
import { useEffect, useState } from 'preact/hooks';
import type { AutomationStats, Trigger } from '../../src/schemas/lifecycle.ts';
import type { ApiList } from './api.ts';
import { messageOf } from './api.ts';
import { formatCount, formatReward } from './format.ts';
import { program, saveProgram } from './program-store.ts';
import { reloadToken, useApiGet } from './use-api-get.ts';

function describeTrigger(trigger: Trigger): string {
  switch (trigger.type) {
    case 'segment.entered':
      return `Enters “${trigger.segment.replace('_', ' ')}”`;
    case 'customer.day_n':
      return `Day ${trigger.days} after sign-up, no order yet`;
    case 'customer.birthday':
      return 'Birthday';
    case 'order.nth':
      return `Order number ${trigger.n}`;
    case 'points.expiring':
      return `${trigger.days_before} days before points expire`;
    case 'tier.changed':
      return trigger.to === undefined ? 'Tier changes' : `Tier becomes ${trigger.to ?? 'none'}`;
    case 'date':
      return `From ${trigger.start} to ${trigger.end}`;
    case 'repurchase.due':
      return 'Their usual time to reorder';
  }
}

function actionsOf(rule: AutomationStats): string {
  const parts: string[] = [];
  if (rule.reward) parts.push(formatReward(rule.reward));
  if (rule.message) parts.push(`“${rule.message.title}”`);
  if (rule.webhook) parts.push('webhook');
  return parts.join(' · ');
}

/** The program change that switches this rule: a default by its flag, an own rule in the rules list. */
function togglePatch(rule: AutomationStats, on: boolean): Record<string, unknown> | null {
  const automations = program.value?.automations;
  if (!automations) return null;
  if (rule.default) {
    const key = rule.id.replace(/^default\./, '');
    return { automations: { defaults: { ...automations.defaults, [key]: on } } };
  }
  return {
    automations: { rules: automations.rules.map((r) => (r.id === rule.id ? { ...r, enabled: on } : r)) },
  };
}

export function AutomationsPanel() {
  const list = useApiGet<ApiList<AutomationStats>>('/v1/automations');
  const [error, setError] = useState<string | null>(null);
  // A switch shows what the merchant chose while it saves: rendered from the list alone, it sprang
  // back to the old state on any render before the reloaded list arrived.
  const [choices, setChoices] = useState<Record<string, boolean>>({});
  useEffect(() => setChoices({}), [list.data]);
  const toggle = async (rule: AutomationStats, on: boolean) => {
    const patch = togglePatch(rule, on);
    if (!patch) return;
    setError(null);
    setChoices((chosen) => ({ ...chosen, [rule.id]: on }));
    try {
      await saveProgram(patch);
      reloadToken.value++;
    } catch (failure) {
      setError(messageOf(failure));
      setChoices(({ [rule.id]: _refused, ...rest }) => rest);
    }
  };
  const rules = list.data?.data ?? [];
  return (
    <section id="automations" class="panel" aria-labelledby="automations-title" aria-busy={list.loading}>
      <h2 id="automations-title">Automations</h2>
      <p class="muted">
        The right action for each customer at the right moment. Each rule fires once per customer and
        occasion; “converted” counts customers who ordered after it fired.
      </p>
      {error || list.error ? (
        <p class="banner error" role="alert">
          {error ?? list.error}
        </p>
      ) : null}
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">When</th>
              <th scope="col">Does</th>
              <th scope="col" class="num">
                Fired
              </th>
              <th scope="col" class="num">
                Shown
              </th>
              <th scope="col" class="num">
                Converted
              </th>
              <th scope="col">On</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <tr key={rule.id}>
                <th scope="row">
                  <code>{rule.id}</code>
                  {rule.segment ? (
                    <span class="muted small block">only {rule.segment.replace('_', ' ')}</span>
                  ) : null}
                </th>
                <td class="wrap">{describeTrigger(rule.trigger)}</td>
                <td class="wrap">{actionsOf(rule)}</td>
                <td class="num">{formatCount(rule.fired)}</td>
                <td class="num">{formatCount(rule.shown)}</td>
                <td class="num">{formatCount(rule.converted)}</td>
                <td>
                  <input
                    type="checkbox"
                    checked={choices[rule.id] ?? rule.enabled}
                    aria-label={`${rule.id} on`}
                    onChange={(e) => toggle(rule, e.currentTarget.checked)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
