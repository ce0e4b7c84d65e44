// The monthly review of what customers said after buying: NPS and its trend, the words of the "liked
// least" answers, and the answers themselves, filtered and exported.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { SEGMENTS, type Segment } from '../../src/domain/segments.ts';
import type { FeedbackObject } from '../../src/schemas/feedback.ts';
import type { StatsObject } from '../../src/schemas/stats.ts';
import { type ApiList, callApi, messageOf } from './api.ts';
import { feedbackCsv } from './feedback-csv.ts';
import { FeedbackSettings } from './feedback-settings.tsx';
import { FeedbackTrend, type Insights } from './feedback-trend.tsx';
import { formatCount, formatDateTime, formatDecimal, formatPercent } from './format.ts';
import { SEGMENT_LABELS } from './labels.ts';
import { reloadToken, useApiGet } from './use-api-get.ts';
import './feedback.css';

const DAY_MS = 86_400_000;
const PAGE_SIZE = 20;
const PERIODS = [30, 90, 365] as const;
/** Score filters: everyone, or the answers at or below a score. */
const SCORE_FILTERS = [
  { value: '', label: 'All scores' },
  { value: '6', label: 'Detractors (0–6)' },
  { value: '8', label: 'Not promoters (0–8)' },
] as const;

function listPath(
  filters: { from: string; to: string; segment: string; scoreMax: string },
  after?: string,
  limit = PAGE_SIZE,
) {
  const query = new URLSearchParams({ limit: String(limit), from: filters.from, to: filters.to });
  if (filters.segment) query.set('segment', filters.segment);
  if (filters.scoreMax) query.set('score_max', filters.scoreMax);
  if (after) query.set('starting_after', after);
  return `/v1/feedback?${query}` as const;
}

const nps = (value: number | null) => (value === null ? '—' : formatDecimal(value));

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function FeedbackPanel() {
  const [days, setDays] = useState<number>(30);
  const [segment, setSegment] = useState<Segment | ''>('');
  const [scoreMax, setScoreMax] = useState('');
  const [answers, setAnswers] = useState<FeedbackObject[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reload = reloadToken.value;
  // The period ends now (rounded to the minute, so re-renders keep the same URLs).
  const range = useMemo(() => {
    const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
    return {
      to: to.toISOString(),
      from: new Date(to.getTime() - days * DAY_MS).toISOString(),
      year: new Date(to.getTime() - 365 * DAY_MS).toISOString(),
    };
  }, [days, reload]);
  const filters = { from: range.from, to: range.to, segment, scoreMax };

  const stats = useApiGet<StatsObject>(`/v1/stats?from=${range.from}&to=${range.to}`);
  const period = useApiGet<Insights>(`/v1/feedback/insights?from=${range.from}&to=${range.to}`);
  const year = useApiGet<Insights>(`/v1/feedback/insights?from=${range.year}&to=${range.to}&interval=month`);

  useEffect(() => {
    let current = true;
    setBusy(true);
    callApi<ApiList<FeedbackObject>>('GET', listPath(filters)).then(
      (page) => {
        if (!current) return;
        setAnswers(page.data);
        setHasMore(page.has_more);
        setError(null);
        setBusy(false);
      },
      (failure: unknown) => {
        if (!current) return;
        setError(messageOf(failure));
        setBusy(false);
      },
    );
    return () => {
      current = false;
    };
  }, [range, segment, scoreMax]);

  const loadMore = async () => {
    setBusy(true);
    try {
      const page = await callApi<ApiList<FeedbackObject>>('GET', listPath(filters, answers.at(-1)?.id));
      setAnswers((shown) => [...shown, ...page.data]);
      setHasMore(page.has_more);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const exportCsv = async () => {
    setBusy(true);
    try {
      const all: FeedbackObject[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await callApi<ApiList<FeedbackObject>>('GET', listPath(filters, after, 100));
        all.push(...page.data);
        after = page.data.at(-1)?.id;
        if (!page.has_more || !after) break;
      }
      download(`feedback-${range.from.slice(0, 10)}-${range.to.slice(0, 10)}.csv`, feedbackCsv(all));
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const kpis = stats.data?.feedback;
  const words = period.data?.liked_least_words ?? [];
  return (
    <section id="feedback" class="panel" aria-labelledby="feedback-title" aria-busy={busy || stats.loading}>
      <div class="panel-head">
        <div>
          <h2 id="feedback-title">Feedback</h2>
          <p class="muted">
            What customers said after buying: start the month’s review with what they liked least.
          </p>
        </div>
        <div class="field inline">
          <label for="feedback-period">Period</label>
          <select id="feedback-period" value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
            {PERIODS.map((d) => (
              <option key={d} value={d}>
                Last {d} days
              </option>
            ))}
          </select>
        </div>
      </div>
      <FeedbackSettings />
      {error || stats.error ? (
        <p class="banner error" role="alert">
          {error ?? stats.error}
        </p>
      ) : null}
      <dl class="kpis feedback-kpis">
        <div>
          <dt>NPS</dt>
          <dd>{kpis ? nps(kpis.nps) : '…'}</dd>
        </div>
        <div>
          <dt>Responses</dt>
          <dd>{kpis ? formatCount(kpis.responses) : '…'}</dd>
        </div>
        <div>
          <dt>Response rate</dt>
          <dd>{kpis ? formatPercent(kpis.response_rate) : '…'}</dd>
        </div>
        <div>
          <dt>NPS, referred customers</dt>
          <dd>{kpis ? nps(kpis.referred.nps) : '…'}</dd>
        </div>
        <div>
          <dt>NPS, other customers</dt>
          <dd>{kpis ? nps(kpis.other.nps) : '…'}</dd>
        </div>
      </dl>
      <div class="feedback-columns">
        <FeedbackTrend insights={year.data} />
        <section aria-labelledby="feedback-words-title">
          <h3 id="feedback-words-title">Most frequent in “liked least”</h3>
          {words.length === 0 ? (
            <p class="empty">No “liked least” answers in this period.</p>
          ) : (
            <ol class="feedback-words">
              {words.map((w) => (
                <li key={w.word}>
                  <span>{w.word}</span> <span class="muted small">× {formatCount(w.count)}</span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
      <section aria-labelledby="feedback-answers-title">
        <div class="panel-head">
          <h3 id="feedback-answers-title">Latest answers</h3>
          <div class="field-row">
            <div class="field inline">
              <label for="feedback-segment">Segment</label>
              <select
                id="feedback-segment"
                value={segment}
                onChange={(e) => setSegment(e.currentTarget.value as Segment | '')}
              >
                <option value="">All segments</option>
                {SEGMENTS.map((s) => (
                  <option key={s} value={s}>
                    {SEGMENT_LABELS[s]}
                  </option>
                ))}
              </select>
            </div>
            <div class="field inline">
              <label for="feedback-score">Score</label>
              <select
                id="feedback-score"
                value={scoreMax}
                onChange={(e) => setScoreMax(e.currentTarget.value)}
              >
                {SCORE_FILTERS.map((f) => (
                  <option key={f.value} value={f.value}>
                    {f.label}
                  </option>
                ))}
              </select>
            </div>
            <button type="button" class="button" disabled={busy} onClick={exportCsv}>
              Export CSV
            </button>
          </div>
        </div>
        {answers.length === 0 && !busy ? (
          <p class="empty">No answers match these filters.</p>
        ) : (
          <div class="table-scroll">
            <table class="feedback-answers">
              <caption class="visually-hidden">Latest answers</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col" class="num">
                    Score
                  </th>
                  <th scope="col">Segment</th>
                  <th scope="col">Liked most</th>
                  <th scope="col">Liked least</th>
                  <th scope="col">Suggestion</th>
                  <th scope="col">Customer</th>
                </tr>
              </thead>
              <tbody>
                {answers.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <time dateTime={a.created_at}>{formatDateTime(a.created_at)}</time>
                    </td>
                    <td class="num strong">{a.score}</td>
                    <td>{SEGMENT_LABELS[a.segment]}</td>
                    <td class="wrap">{a.liked_most ?? ''}</td>
                    <td class="wrap">{a.liked_least ?? ''}</td>
                    <td class="wrap">{a.suggestion ?? ''}</td>
                    <td class="wrap">
                      {a.customer ?? <span class="muted">erased</span>}
                      {a.referred ? <span class="muted small block">referred</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {hasMore ? (
          <button type="button" class="button load-more" disabled={busy} onClick={loadMore}>
            {busy ? 'Loading…' : 'Load more'}
          </button>
        ) : null}
      </section>
    </section>
  );
}
