/** A report's period and what it is compared with, kept in the URL (`?startDate=&endDate=&compare=`) so that a view can be shared. */
export interface PeriodView {
  startDate: string;
  endDate: string;
  compare: 'previous_period' | 'previous_year';
}

/** A query-string value among the allowed ones, else the fallback. */
export function pick<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[], fallback: T): T {
  const value = query.get(name);
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** The period in a page's query string, each missing or unknown value replaced by its default. */
export function readPeriod(search: string, defaults: PeriodView): PeriodView {
  const query = new URLSearchParams(search);
  const date = (name: 'startDate' | 'endDate') => (/^\d{4}-\d{2}-\d{2}$/.test(query.get(name) ?? '') ? query.get(name)! : defaults[name]);
  return {
    startDate: date('startDate'),
    endDate: date('endDate'),
    compare: pick(query, 'compare', ['previous_period', 'previous_year'] as const, defaults.compare),
  };
}

/** A report's path for a period; `compare` only for the reports that compare. */
export function periodPath(report: string, period: PeriodView, compares: boolean): string {
  const query = new URLSearchParams({ startDate: period.startDate, endDate: period.endDate, ...(compares ? { compare: period.compare } : {}) });
  return `/api/reports/${report}?${query}`;
}
