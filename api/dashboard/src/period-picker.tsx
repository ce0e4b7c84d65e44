// The KPI period as a radio group: native keyboard behaviour (arrows move, Tab leaves).
const PERIODS = [7, 30, 90] as const;

export function PeriodPicker({ value, onChange }: { value: number; onChange(days: number): void }) {
  return (
    <fieldset class="segmented">
      <legend class="visually-hidden">Period</legend>
      {PERIODS.map((days) => (
        <label key={days}>
          <input
            type="radio"
            name="period"
            value={days}
            checked={value === days}
            onChange={() => onChange(days)}
          />
          <span>Last {days} days</span>
        </label>
      ))}
    </fieldset>
  );
}
