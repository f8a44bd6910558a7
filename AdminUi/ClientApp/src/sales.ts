import { periodParameters, pick, queryOf, readPeriod, type PeriodView, type ReportParameters } from './period';

/** The sales report as the Reporting API answers it (docs/reporting-api.openapi.json), the parts this console shows. */
export interface FigureChange {
  current: number;
  previous: number;
  absolute: number;
  percent: number | null;
}

export interface SalesFigures {
  currency: string | null;
  orders: number;
  revenue: number;
  averageOrderValue: number;
}

export interface SalesChange {
  currency: string | null;
  orders: FigureChange;
  revenue: FigureChange;
  averageOrderValue: FigureChange;
}

export interface SalesBucket {
  bucket: string;
  figures: SalesFigures;
}

export interface SalesReport {
  startDate: string;
  endDate: string;
  timezone: string;
  granularity: 'day' | 'week' | 'month';
  totals: SalesFigures[];
  series: SalesBucket[];
  changes: SalesChange[] | null;
  asOf: string;
}

/** What the sales page shows: its period and the series' granularity. */
export interface SalesView extends PeriodView {
  granularity: 'day' | 'week' | 'month';
}

/** The sales report compares and filters by currency. */
export const salesParameters: ReportParameters = { compares: true, byCurrency: true };

export function salesPath(view: SalesView): string {
  return `/api/reports/sales?${queryOf({ ...periodParameters(view, salesParameters), granularity: view.granularity })}`;
}

/** The view in a page's query string, each missing or unknown value replaced by its default. */
export function readSalesView(search: string, defaults: SalesView): SalesView {
  return {
    ...readPeriod(search, defaults),
    granularity: pick(new URLSearchParams(search), 'granularity', ['day', 'week', 'month'] as const, defaults.granularity),
  };
}

/** One point per bucket with each currency's revenue, as the chart plots a line per currency. */
export function revenueSeries(series: SalesBucket[]): { points: Record<string, string | number>[]; currencies: string[] } {
  const currencies = [...new Set(series.map((b) => b.figures.currency ?? '—'))].sort();
  const byBucket = new Map<string, Record<string, string | number>>();
  for (const { bucket, figures } of series) {
    const point = byBucket.get(bucket) ?? { bucket };
    point[figures.currency ?? '—'] = figures.revenue;
    byBucket.set(bucket, point);
  }
  return { points: [...byBucket.values()], currencies };
}
