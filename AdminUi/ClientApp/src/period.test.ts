import { describe, expect, it } from 'vitest';
import { periodPath, periodQuery, queryOf, readPeriod } from './period';

const defaults = { startDate: '2026-11-03', endDate: '2026-12-02', compare: 'previous_period' as const };

describe('a report period in the URL', () => {
  it('reads the dates and the comparison, keeping defaults for what is missing or wrong', () => {
    expect(readPeriod('?startDate=2026-10-01&compare=previous_year', defaults)).toEqual({ ...defaults, startDate: '2026-10-01', compare: 'previous_year' });
    expect(readPeriod('?endDate=31/10/2026&compare=last_week', defaults)).toEqual(defaults);
  });

  it('asks a report for the period, with the comparison only where the report compares', () => {
    expect(periodPath('orders/status', defaults, { compares: true, byCurrency: false })).toBe(
      '/api/reports/orders/status?startDate=2026-11-03&endDate=2026-12-02&compare=previous_period',
    );
    expect(periodPath('delivery', defaults, { compares: false, byCurrency: false })).toBe('/api/reports/delivery?startDate=2026-11-03&endDate=2026-12-02');
  });

  it('keeps a currency as typed, and asks for it only where the report filters by currency', () => {
    const inEuros = readPeriod('?currency=EUR', defaults);
    expect(inEuros).toEqual({ ...defaults, currency: 'EUR' });
    expect(readPeriod('?currency=eu', defaults).currency).toBe('eu');
    expect(readPeriod('?currency=', defaults)).toEqual(defaults);
    expect(periodPath('customers', inEuros, { compares: false, byCurrency: true })).toBe('/api/reports/customers?startDate=2026-11-03&endDate=2026-12-02&currency=EUR');
    expect(periodPath('campaigns', inEuros, { compares: true, byCurrency: false })).not.toContain('currency');
  });

  it('leaves empty values out of a query string', () => {
    expect(queryOf({ a: '1', b: undefined, c: '' }).toString()).toBe('a=1');
  });

  it('carries the period and its currency to another page, not the page\'s own paging or filters', () => {
    expect(periodQuery('?startDate=2026-10-01&page=3&currency=EUR&sort=name&compare=previous_year')).toBe(
      '?startDate=2026-10-01&currency=EUR&compare=previous_year',
    );
    expect(periodQuery('?page=2')).toBe('');
  });
});
