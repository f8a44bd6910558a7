import { describe, expect, it } from 'vitest';
import { readSalesView, revenueSeries, salesPath, type SalesView } from './sales';

const defaults: SalesView = { startDate: '2026-11-03', endDate: '2026-12-02', granularity: 'day', compare: 'previous_period' };

describe('the sales view in the URL', () => {
  it('reads what the URL says and keeps the defaults for the rest', () => {
    expect(readSalesView('?startDate=2026-10-01&granularity=week', defaults)).toEqual({ ...defaults, startDate: '2026-10-01', granularity: 'week' });
  });

  it('ignores values the report would refuse', () => {
    expect(readSalesView('?startDate=yesterday&granularity=hour&compare=never', defaults)).toEqual(defaults);
  });

  it('asks the report for exactly that view', () => {
    expect(salesPath(defaults)).toBe('/api/reports/sales?startDate=2026-11-03&endDate=2026-12-02&compare=previous_period&granularity=day');
    expect(salesPath({ ...defaults, currency: 'EUR' })).toContain('&currency=EUR&');
  });
});

describe('revenueSeries', () => {
  it('makes one point per bucket with a value per currency', () => {
    const figures = (currency: string, revenue: number) => ({ currency, orders: 1, revenue, averageOrderValue: revenue });
    expect(
      revenueSeries([
        { bucket: '2026-10-01', figures: figures('USD', 10) },
        { bucket: '2026-10-01', figures: figures('EUR', 5) },
        { bucket: '2026-10-02', figures: figures('USD', 0) },
        { bucket: '2026-10-02', figures: figures('EUR', 7) },
      ]),
    ).toEqual({
      points: [
        { bucket: '2026-10-01', USD: 10, EUR: 5 },
        { bucket: '2026-10-02', USD: 0, EUR: 7 },
      ],
      currencies: ['EUR', 'USD'],
    });
  });
});
