import { describe, expect, it } from 'vitest';
import { ApiError, retryDelay, shouldRetry, toApiError } from './api';

const problem = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/problem+json', ...headers } });

describe('toApiError', () => {
  it('names each bad parameter of a 400', async () => {
    const error = await toApiError(problem(400, { title: 'Bad', errors: { startDate: ['Not a date.'], granularity: ['Day, week or month.'] } }));
    expect(error.message).toBe('startDate: Not a date.; granularity: Day, week or month.');
  });

  it('tells a 403 as the admin role missing', async () => {
    expect((await toApiError(problem(403, {}))).message).toBe('Your account lacks the admin role.');
  });

  it('reads Retry-After from a 503 and says reports are catching up', async () => {
    const error = await toApiError(problem(503, { title: 'Unavailable' }, { 'Retry-After': '7' }));
    expect([error.message, error.retryAfterSeconds]).toEqual(['Reports are catching up, retrying…', 7]);
  });
});

describe('retries', () => {
  it('retry a 503 after its Retry-After, and nothing else', () => {
    const unavailable = new ApiError(503, 'catching up', 7);
    expect(shouldRetry(1, unavailable)).toBe(true);
    expect(retryDelay(1, unavailable)).toBe(7000);
    expect(shouldRetry(1, new ApiError(403, 'no role'))).toBe(false);
    expect(shouldRetry(1, new Error('network'))).toBe(false);
  });
});
