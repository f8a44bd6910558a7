import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { getJson } from './api';
import { formatMoney, formatPercent } from './format';
import { PeriodFields, QueryField } from './QueryControls';
import { revenueSeries, salesParameters, salesPath, type SalesChange, type SalesReport, type SalesView } from './sales';
import { markNextPaint } from './paint';
import { QueryState } from './QueryState';

const lineColours = ['#2563eb', '#dc2626', '#16a34a', '#9333ea'];

const granularityChoices = [
  ['day', 'day'],
  ['week', 'week'],
  ['month', 'month'],
] as const;

/** Revenue, orders and average order value per currency with their change, and the revenue curve. */
export function SalesPage({ view, search, accessToken }: { view: SalesView; search: string; accessToken: string }) {
  const report = useQuery({
    queryKey: ['sales', view],
    queryFn: ({ signal }) => getJson<SalesReport>(salesPath(view), accessToken, signal),
  });
  useEffect(() => {
    if (report.data) {
      markNextPaint('sales-first-meaningful-paint');
    }
  }, [report.data]);

  const controls = (
    <>
      <PeriodFields search={search} period={view} parameters={salesParameters} />
      <div className="controls">
        <QueryField label="By" name="granularity" search={search} value={view.granularity} choices={granularityChoices} />
      </div>
    </>
  );
  if (!report.data) {
    return <>{controls}<QueryState query={report} loading="Loading sales…" /></>;
  }

  const { points, currencies } = revenueSeries(report.data.series);
  return (
    <section aria-label="Sales">
      <h2>
        Sales {report.data.startDate} – {report.data.endDate} ({report.data.timezone})
      </h2>
      {controls}
      {report.data.totals.length === 0 && <p>No order in this period.</p>}
      <div className="cards">
        {(report.data.changes ?? []).map((change) => (
          <CurrencyCard key={change.currency ?? '—'} change={change} compare={view.compare} />
        ))}
      </div>
      {points.length > 0 && (
        <ResponsiveContainer width="100%" height={320}>
          <LineChart data={points}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="bucket" />
            <YAxis />
            <Tooltip />
            <Legend />
            {currencies.map((currency, i) => (
              <Line key={currency} type="monotone" dataKey={currency} name={`Revenue ${currency}`} stroke={lineColours[i % lineColours.length]} dot={{ r: 2 }} isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
      <p className="as-of">As of {new Date(report.data.asOf).toLocaleString()}</p>
    </section>
  );
}

function CurrencyCard({ change, compare }: { change: SalesChange; compare: SalesView['compare'] }) {
  const currency = change.currency ?? 'USD';
  const against = compare === 'previous_year' ? 'the previous year' : 'the previous period';
  return (
    <article className="card" aria-label={`Sales in ${currency}`}>
      <h3>{currency}</h3>
      <dl>
        <dt>Revenue</dt>
        <dd>
          {formatMoney(change.revenue.current, currency)} <span title={`against ${against}`}>{formatPercent(change.revenue.percent)}</span>
        </dd>
        <dt>Orders</dt>
        <dd>
          {change.orders.current} <span title={`against ${against}`}>{formatPercent(change.orders.percent)}</span>
        </dd>
        <dt>Average order value</dt>
        <dd>
          {formatMoney(change.averageOrderValue.current, currency)}{' '}
          <span title={`against ${against}`}>{formatPercent(change.averageOrderValue.percent)}</span>
        </dd>
      </dl>
    </article>
  );
}
