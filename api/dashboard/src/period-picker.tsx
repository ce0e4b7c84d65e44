// The KPI period as a radio group: native keyboard behaviour (arrows move, Tab leaves).
const PERIODS = [7, 30, 90] as const;

export function PeriodPicker({
  value,
  onChange,
  name = 'period',
}: {
  value: number;
  onChange(days: number): void;
  /** Radio groups are formed by name: two pickers on one page need two names. */
  name?: string;
}) {
  return (
    <fieldset class="segmented">
      <legend class="visually-hidden">Period</legend>
      {PERIODS.map((days) => (
        <label key={days}>
          <input
            type="radio"
            name={name}
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
