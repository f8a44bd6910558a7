import { describe, expect, it } from 'vitest';
import { formatAmount, formatMoney, formatPercent, formatShare, lastDays } from './format';

describe('formatMoney', () => {
  it('writes each currency in its own symbol and the locale’s separators', () => {
    expect(formatMoney(1234.5, 'USD', 'en-US')).toBe('$1,234.50');
    expect(formatMoney(1234.5, 'EUR', 'fr-FR')).toBe('1\u202f234,50\u00a0€');
    expect(formatMoney(1234.5, 'GBP', 'en-GB')).toBe('£1,234.50');
  });
});

describe('formatAmount', () => {
  it('writes an amount to the cent in the locale', () => {
    expect(formatAmount(5, 'en-US')).toBe('5.00');
    expect(formatAmount(1234.5, 'de-DE')).toBe('1.234,50');
  });
});

describe('formatShare', () => {
  it('writes a ratio as a percent, unsigned', () => {
    expect(formatShare(0.25, 'en-US')).toBe('25%');
    expect(formatShare(0.0833, 'fr-FR')).toBe('8,3\u00a0%');
  });
});

describe('formatPercent', () => {
  it('signs a change and rounds it to one decimal', () => {
    expect(formatPercent(12.345, 'en-US')).toBe('+12.3 %');
    expect(formatPercent(-4, 'en-US')).toBe('-4 %');
    expect(formatPercent(0, 'en-US')).toBe('0 %');
  });

  it('shows no percent when the previous figure was zero', () => {
    expect(formatPercent(null)).toBe('—');
  });
});

describe('lastDays', () => {
  it('ends today and counts today among the days', () => {
    expect(lastDays(30, new Date(2026, 2, 1))).toEqual({ startDate: '2026-01-31', endDate: '2026-03-01' });
  });
});
