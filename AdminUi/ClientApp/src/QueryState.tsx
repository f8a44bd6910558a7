import type { UseQueryResult } from '@tanstack/react-query';

/**
 * What a query is doing, as a person reads it: loading; retrying after a 503 (its message says so, and the query
 * retries after the answer's Retry-After); or failed for good. Nothing once the answer is shown.
 */
export function QueryState({ query, loading = 'Loading…' }: { query: UseQueryResult<unknown>; loading?: string }) {
  if (query.isError) {
    return <p role="alert">{query.error.message}</p>;
  }
  if (query.failureReason) {
    return <p role="status">{query.failureReason.message}</p>;
  }
  return query.isPending ? <p>{loading}</p> : null;
}
