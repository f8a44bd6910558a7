import { describe, expect, it } from 'vitest';
import { periodPath, readPeriod } from './period';

const defaults = { startDate: '2026-11-03', endDate: '2026-12-02', compare: 'previous_period' as const };

describe('a report period in the URL', () => {
  it('reads the dates and the comparison, keeping defaults for what is missing or wrong', () => {
    expect(readPeriod('?startDate=2026-10-01&compare=previous_year', defaults)).toEqual({ ...defaults, startDate: '2026-10-01', compare: 'previous_year' });
    expect(readPeriod('?endDate=31/10/2026&compare=last_week', defaults)).toEqual(defaults);
  });

  it('asks a report for the period, with the comparison only where the report compares', () => {
    expect(periodPath('orders/status', defaults, true)).toBe('/api/reports/orders/status?startDate=2026-11-03&endDate=2026-12-02&compare=previous_period');
    expect(periodPath('delivery', defaults, false)).toBe('/api/reports/delivery?startDate=2026-11-03&endDate=2026-12-02');
  });
});
