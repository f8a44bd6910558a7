import { describe, expect, it } from 'vitest';
import { describeReindex, readRange } from './operations';

describe('the operations range in the URL', () => {
  it('takes from and to from the URL', () => {
    expect(readRange('?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z')).toEqual({ from: '2026-12-01T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z' });
  });

  it('is the last day, to a minute from now, by default or when a value is not a time', () => {
    expect(readRange('?from=yesterday', new Date('2026-12-02T10:00:00Z'))).toEqual({ from: '2026-12-01T10:01:00.000Z', to: '2026-12-02T10:01:00.000Z' });
  });
});

describe('describeReindex', () => {
  it('tells a failed, a running and a finished reindex apart', () => {
    expect(describeReindex(null)).toBe('—');
    expect(describeReindex({ startedAt: '2026-12-02T10:00:00Z', completedAt: null, products: null, error: 'Solr refused a batch' })).toBe('failed: Solr refused a batch');
    expect(describeReindex({ startedAt: '2026-12-02T10:00:00Z', completedAt: null, products: null, error: null })).toMatch(/^running since /);
    expect(describeReindex({ startedAt: '2026-12-02T10:00:00Z', completedAt: '2026-12-02T10:00:05Z', products: 120, error: null })).toMatch(/^120 products, /);
  });
});
