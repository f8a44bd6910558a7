/** A report's period and what it is compared with, kept in the URL (`?startDate=&endDate=&compare=`) so that a view can be shared. */
export interface PeriodView {
  startDate: string;
  endDate: string;
  compare: 'previous_period' | 'previous_year';
  /** Only this currency's figures, for the reports that filter by one; passed on as typed, so the API names a bad one. */
  currency?: string;
}

/** What a report path or page URL says about a report: which parameters it asks for, as given. */
export interface ReportParameters {
  /** The report compares with `compare`. */
  compares: boolean;
  /** The report filters by `currency`. */
  byCurrency: boolean;
}

/** A query-string value among the allowed ones, else the fallback. */
export function pick<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[], fallback: T): T {
  const value = query.get(name);
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** A query string of the values given, the empty ones left out. */
export function queryOf(values: Record<string, string | undefined>): URLSearchParams {
  return new URLSearchParams(Object.entries(values).filter((entry): entry is [string, string] => Boolean(entry[1])));
}

/** The query-string names of a period view: what travels from one period report to another. */
const periodNames: readonly string[] = ['startDate', 'endDate', 'compare', 'currency'] satisfies (keyof PeriodView)[];

/** The period part of a query string, for a link to another page (not that page's own paging or filters). */
export function periodQuery(search: string): string {
  const kept = new URLSearchParams([...new URLSearchParams(search)].filter(([name]) => periodNames.includes(name)));
  return kept.size > 0 ? `?${kept}` : '';
}

/** The period in a page's query string, each missing or unknown value replaced by its default. */
export function readPeriod(search: string, defaults: PeriodView): PeriodView {
  const query = new URLSearchParams(search);
  const date = (name: 'startDate' | 'endDate') => (/^\d{4}-\d{2}-\d{2}$/.test(query.get(name) ?? '') ? query.get(name)! : defaults[name]);
  const currency = query.get('currency')?.trim();
  return {
    startDate: date('startDate'),
    endDate: date('endDate'),
    compare: pick(query, 'compare', ['previous_period', 'previous_year'] as const, defaults.compare),
    ...(currency ? { currency } : {}),
  };
}

/** The period's parameters a report takes: the dates, and the comparison and currency where the report has them. */
export function periodParameters(period: PeriodView, { compares, byCurrency }: ReportParameters): Record<string, string | undefined> {
  return {
    startDate: period.startDate,
    endDate: period.endDate,
    compare: compares ? period.compare : undefined,
    currency: byCurrency ? period.currency : undefined,
  };
}

/** A report's path for a period. */
export function periodPath(report: string, period: PeriodView, parameters: ReportParameters): string {
  return `/api/reports/${report}?${queryOf(periodParameters(period, parameters))}`;
}
