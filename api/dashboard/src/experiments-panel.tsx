// Experiments: create an offer test, start and stop it, read the results in plain words, promote the winner.
import { useState } from 'preact/hooks';
import type { ExperimentObject, ExperimentResults } from '../../src/schemas/experiment.ts';
import { type ApiList, callApi, messageOf } from './api.ts';
import { comparisonSentence, decisionSentence } from './experiment-words.ts';
import { formatCount, formatPercent, formatReward, minorPerMajor } from './format.ts';
import { displayCurrency, loadProgram, program } from './program-store.ts';
import { reloadToken, useApiGet } from './use-api-get.ts';
import './experiments.css';

function Results({ id }: { id: string }) {
  const results = useApiGet<ExperimentResults>(`/v1/experiments/${id}/results`);
  const r = results.data;
  if (results.error) return <p class="banner error">{results.error}</p>;
  if (!r) return null;
  return (
    <div class="experiment-results" aria-busy={results.loading}>
      <table>
        <caption class="visually-hidden">Results per variant</caption>
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col" class="num">
              Visitors
            </th>
            <th scope="col" class="num">
              Converted
            </th>
            <th scope="col" class="num">
              Rate
            </th>
          </tr>
        </thead>
        <tbody>
          {r.variants.map((v) => (
            <tr key={v.key}>
              <th scope="row">{v.key}</th>
              <td class="num">{formatCount(v.exposures)}</td>
              <td class="num">
                {formatCount(
                  r.primary_metric === 'first_order'
                    ? v.first_orders
                    : r.primary_metric === 'offer_claim'
                      ? v.claims
                      : v.shares,
                )}
              </td>
              <td class="num">{formatPercent(v.conversion?.rate ?? null)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.reason ? <p class="muted">{r.reason}</p> : null}
      {r.comparisons.length === 0 ? (
        <p class="experiment-verdict">No difference to judge yet: nobody has converted.</p>
      ) : null}
      {r.comparisons.map((c) => (
        <p key={c.variant} class="experiment-verdict">
          {comparisonSentence(c)} {decisionSentence(c)}
        </p>
      ))}
      {r.warnings.map((w) => (
        <p key={w} class="banner warning">
          {w}
        </p>
      ))}
    </div>
  );
}

function ExperimentItem({ experiment, onChange }: { experiment: ExperimentObject; onChange(): void }) {
  const [error, setError] = useState<string | null>(null);
  const act = (action: string, body?: unknown) =>
    callApi('POST', `/v1/experiments/${experiment.id}/${action}`, body).then(
      async () => {
        setError(null);
        if (action === 'promote') await loadProgram();
        onChange();
      },
      (failure: unknown) => setError(messageOf(failure)),
    );
  const challenger = experiment.variants[1]?.key ?? '';
  return (
    <li class="experiment">
      <p>
        <span class="strong">{experiment.name}</span>{' '}
        <span class={`badge status-${experiment.status}`}>{experiment.status}</span>
        {experiment.promoted_variant ? (
          <span class="muted small"> · promoted {experiment.promoted_variant}</span>
        ) : null}
      </p>
      {experiment.warnings.map((w) => (
        <p key={w} class="banner warning">
          {w}
        </p>
      ))}
      {experiment.status === 'draft' ? (
        <button type="button" class="button" onClick={() => act('start')}>
          Start
        </button>
      ) : (
        <Results id={experiment.id} />
      )}
      {experiment.status === 'running' ? (
        <button type="button" class="button" onClick={() => act('stop')}>
          Stop
        </button>
      ) : null}
      {experiment.status !== 'draft' && !experiment.promoted_variant ? (
        <button type="button" class="button" onClick={() => act('promote', { variant: challenger })}>
          Make {challenger} the offer
        </button>
      ) : null}
      {error ? (
        <p class="banner error" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}

/** The simplest useful test: the friend reward as it is against a new amount. */
function CreateForm({ onCreated }: { onCreated(): void }) {
  const [name, setName] = useState('');
  const [amount, setAmount] = useState('');
  const [status, setStatus] = useState('');
  const currency = displayCurrency.value;
  const current = program.value?.referral.friend_reward;
  const submit = async (event: Event) => {
    event.preventDefault();
    const minor = Math.round(Number(amount) * minorPerMajor(currency));
    try {
      await callApi('POST', '/v1/experiments', {
        name,
        variants: [
          { key: 'control', weight: 50 },
          {
            key: 'challenger',
            weight: 50,
            overrides: { referral: { friend_reward: { type: 'amount_off', amount: minor, currency } } },
          },
        ],
      });
      setStatus('Created. Start it when you are ready.');
      setName('');
      setAmount('');
      onCreated();
    } catch (failure) {
      setStatus(messageOf(failure));
    }
  };
  return (
    <form class="experiment-form" aria-labelledby="experiment-create-title" onSubmit={submit}>
      <h3 id="experiment-create-title">Test a new friend reward</h3>
      <p class="muted small">
        Half the visitors keep today’s reward{current ? ` (${formatReward(current)})` : ''}, half see the new
        one.
      </p>
      <label class="field">
        Experiment name
        <input value={name} required maxLength={120} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label class="field">
        New friend reward ({currency} off)
        <input
          type="number"
          min="0.01"
          step="0.01"
          required
          value={amount}
          onInput={(e) => setAmount(e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="button primary">
        Create experiment
      </button>
      <p id="experiment-create-status" role="status">
        {status}
      </p>
    </form>
  );
}

export function ExperimentsPanel() {
  const experiments = useApiGet<ApiList<ExperimentObject>>('/v1/experiments?limit=20');
  const changed = () => reloadToken.value++;
  return (
    <section
      id="experiments"
      class="panel"
      aria-labelledby="experiments-title"
      aria-busy={experiments.loading}
    >
      <h2 id="experiments-title">Experiments</h2>
      {experiments.error ? (
        <p class="banner error" role="alert">
          {experiments.error}
        </p>
      ) : null}
      <CreateForm onCreated={changed} />
      {experiments.data && experiments.data.data.length === 0 ? (
        <p class="empty">No experiments yet.</p>
      ) : null}
      <ul class="experiments">
        {experiments.data?.data.map((experiment) => (
          <ExperimentItem key={experiment.id} experiment={experiment} onChange={changed} />
        ))}
      </ul>
    </section>
  );
}
