/** An amount in its own currency (reports never add currencies up), in the reader's locale. */
export function formatMoney(amount: number, currency: string, locale?: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
}

/** An amount with no currency of its own (a SKU's price in the store's currency), to the cent. */
export function formatAmount(amount: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
}

/** A share or rate (a ratio, 0.25 for a quarter) as a percent. */
export function formatShare(ratio: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}

/** A percent change as the API gives it (null when the previous figure was zero: no percent can be told). */
export function formatPercent(percent: number | null | undefined, locale?: string): string {
  if (percent === null || percent === undefined) {
    return '—';
  }
  const sign = percent > 0 ? '+' : '';
  return `${sign}${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(percent)} %`;
}

/** The last <days> days up to today, as the report's start and end dates (yyyy-mm-dd). */
export function lastDays(days: number, today: Date = new Date()): { startDate: string; endDate: string } {
  const end = new Date(Date.UTC(today.getFullYear(), today.getMonth(), today.getDate()));
  const start = new Date(end);
  start.setUTCDate(end.getUTCDate() - (days - 1));
  return { startDate: start.toISOString().slice(0, 10), endDate: end.toISOString().slice(0, 10) };
}
