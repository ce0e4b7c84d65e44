// The signed-in page: the loop's KPIs first, then what needs the merchant (rewards to review), then
// customers, the program and recent activity.
import { useEffect, useState } from 'preact/hooks';
import { ActivityPanel } from './activity-panel.tsx';
import { messageOf } from './api.ts';
import { AutomationsPanel } from './automations-panel.tsx';
import { CustomersPanel } from './customers-panel.tsx';
import { ExperimentsPanel } from './experiments-panel.tsx';
import { FeedbackPanel } from './feedback-panel.tsx';
import { GrowthPanel } from './growth-panel.tsx';
import { KpiLoop } from './kpi-loop.tsx';
import { ProgramPanel } from './program-panel.tsx';
import { loadProgram, program } from './program-store.ts';
import { pendingCount, ReviewQueue } from './review-queue.tsx';
import { signOut } from './session.ts';
import { TrendsPanel } from './trends-panel.tsx';
import { reloadToken } from './use-api-get.ts';

export function Dashboard() {
  const [error, setError] = useState<string | null>(null);

  // After a reload of the tab the key is in sessionStorage but the program is not in memory.
  useEffect(() => {
    if (!program.value) loadProgram().catch((failure: unknown) => setError(messageOf(failure)));
  }, []);

  const refresh = () => {
    reloadToken.value++;
    loadProgram().catch((failure: unknown) => setError(messageOf(failure)));
  };

  const pending = pendingCount.value;
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <p class="brand">
          <span class="logo" aria-hidden="true" /> Flywheel
        </p>
        <nav aria-label="Sections">
          <ul class="nav-list">
            <li>
              <a href="#loop">Flywheel</a>
            </li>
            <li>
              <a href="#growth">Growth</a>
            </li>
            <li>
              <a href="#trends">Trends</a>
            </li>
            <li>
              <a href="#review">Review{pending > 0 ? <span class="count"> {pending}</span> : null}</a>
            </li>
            <li>
              <a href="#customers">Customers</a>
            </li>
            <li>
              <a href="#feedback">Feedback</a>
            </li>
            <li>
              <a href="#experiments">Experiments</a>
              <a href="#automations">Automations</a>
            </li>
            <li>
              <a href="#program">Program</a>
            </li>
            <li>
              <a href="#activity">Activity</a>
            </li>
          </ul>
        </nav>
        <div class="topbar-actions">
          <button type="button" class="button" onClick={refresh}>
            Refresh
          </button>
          <button type="button" class="button" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <h1 class="visually-hidden">Flywheel dashboard</h1>
        {error ? (
          <p class="banner error" role="alert">
            {error}
          </p>
        ) : null}
        <KpiLoop />
        <GrowthPanel />
        <TrendsPanel />
        <ReviewQueue />
        <CustomersPanel />
        <FeedbackPanel />
        <ExperimentsPanel />
        <AutomationsPanel />
        <div class="columns">
          <ProgramPanel />
          <ActivityPanel />
        </div>
      </main>
    </>
  );
}
