import { navigate } from './navigation';
import type { PeriodView, ReportParameters } from './period';

/** A control's choices: value and label. */
type Choices = readonly (readonly [string, string])[];

/** One field of the page's view; a change writes it to the URL (back to the first page) and the page follows. */
export function QueryField({ label, name, search, value, type = 'text', choices }: {
  label: string;
  name: string;
  search: string;
  value: string;
  type?: 'text' | 'date' | 'number';
  choices?: Choices;
}) {
  const change = (next: string) => {
    const query = new URLSearchParams(search);
    if (next) {
      query.set(name, next);
    } else {
      query.delete(name);
    }
    if (query.has('page')) {
      query.set('page', '1');
    }
    navigate(`${window.location.pathname}?${query}`);
  };
  return (
    <label>
      {label}{' '}
      {choices ? (
        <select value={value} onChange={(e) => change(e.target.value)}>
          {choices.map(([choice, text]) => (
            <option key={choice} value={choice}>
              {text}
            </option>
          ))}
        </select>
      ) : (
        <input type={type} defaultValue={value} key={value} onBlur={(e) => e.target.value !== value && change(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()} />
      )}
    </label>
  );
}

export const compareChoices: Choices = [
  ['previous_period', 'the previous period'],
  ['previous_year', 'the previous year'],
];

/** The period, and what it is compared with and the currency where the report has them, as every period report shows them. */
export function PeriodFields({ search, period, parameters }: { search: string; period: PeriodView; parameters: ReportParameters }) {
  return (
    <div className="controls">
      <QueryField label="From" name="startDate" type="date" search={search} value={period.startDate} />
      <QueryField label="To" name="endDate" type="date" search={search} value={period.endDate} />
      {parameters.compares && <QueryField label="Compared with" name="compare" search={search} value={period.compare} choices={compareChoices} />}
      {parameters.byCurrency && <QueryField label="Currency" name="currency" search={search} value={period.currency ?? ''} />}
    </div>
  );
}
