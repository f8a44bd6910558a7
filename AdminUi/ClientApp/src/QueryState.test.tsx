import type { UseQueryResult } from '@tanstack/react-query';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { QueryState } from './QueryState';

const render = (state: Partial<UseQueryResult<unknown>>) =>
  renderToStaticMarkup(<QueryState query={{ isError: false, isPending: false, failureReason: null, ...state } as UseQueryResult<unknown>} />);

describe('QueryState', () => {
  it('says it is retrying while a 503 is being retried, before any answer', () => {
    expect(render({ isPending: true, failureReason: new ApiError(503, 'Reports are catching up, retrying…', 5) })).toBe(
      '<p role="status">Reports are catching up, retrying…</p>',
    );
  });

  it('says it is retrying when a refresh of a shown answer meets a 503', () => {
    expect(render({ failureReason: new ApiError(503, 'Reports are catching up, retrying…', 5) })).toContain('retrying');
  });

  it('shows a failure for good as an alert, loading as text, and nothing once answered', () => {
    expect(render({ isError: true, error: new ApiError(403, 'Your account lacks the admin role.') })).toBe(
      '<p role="alert">Your account lacks the admin role.</p>',
    );
    expect(render({ isPending: true })).toBe('<p>Loading…</p>');
    expect(render({})).toBe('');
  });
});
