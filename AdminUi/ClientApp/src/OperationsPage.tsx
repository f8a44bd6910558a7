import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, postJson } from './api';
import { DataTable, type DataColumn } from './DataTable';
import { describeReindex, readRange, type DeadLetter, type IndexStatus, type ReplayResponse, type ZeroResultReport } from './operations';
import { QueryState } from './QueryState';

/** For operators: dead letters with replay, the search index with reindex, and the searches that found nothing. */
export function OperationsPage({ search, accessToken }: { search: string; accessToken: string }) {
  const range = readRange(search);
  return (
    <section aria-label="Operations">
      <h2>Operations</h2>
      <p>
        From {new Date(range.from).toLocaleString()} to {new Date(range.to).toLocaleString()}
      </p>
      <DeadLetters range={range} accessToken={accessToken} />
      <SearchIndex accessToken={accessToken} />
      <ZeroResults range={range} accessToken={accessToken} />
    </section>
  );
}

function DeadLetters({ range, accessToken }: { range: { from: string; to: string }; accessToken: string }) {
  const queryClient = useQueryClient();
  const path = `/api/dead-letters?${new URLSearchParams(range)}`;
  const letters = useQuery({ queryKey: ['dead-letters', path], queryFn: ({ signal }) => getJson<DeadLetter[]>(path, accessToken, signal) });
  const replay = useMutation({
    mutationFn: (request: { eventId: string } | { from: string; to: string }) => postJson<ReplayResponse>('/api/dead-letters/replay', accessToken, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['dead-letters'] }),
  });
  const columns: DataColumn<DeadLetter>[] = [
    { accessorKey: 'lastFailure', header: 'Last failure', cell: ({ getValue }) => new Date(getValue<string>()).toLocaleString() },
    { accessorKey: 'eventType', header: 'Event type' },
    { accessorKey: 'channel', header: 'Channel' },
    { accessorKey: 'reasonCode', header: 'Reason code' },
    { accessorKey: 'reason', header: 'Reason' },
    { accessorKey: 'attempts', header: 'Attempts' },
    {
      id: 'replay',
      header: '',
      cell: ({ row }) => (
        <button disabled={replay.isPending} onClick={() => replay.mutate({ eventId: row.original.eventId })}>
          Replay {row.original.eventId}
        </button>
      ),
    },
  ];

  return (
    <>
      <h3>Dead letters</h3>
      <QueryState query={letters} />
      {replay.isError && <p role="alert">{replay.error.message}</p>}
      {replay.data && <p role="status">Replayed {replay.data.replayed}.</p>}
      <button disabled={replay.isPending || !letters.data?.length} onClick={() => replay.mutate(range)}>
        Replay all {letters.data?.length ?? 0} in this range
      </button>
      <DataTable label="Dead letters" data={letters.data ?? []} columns={columns} />
    </>
  );
}

function SearchIndex({ accessToken }: { accessToken: string }) {
  const queryClient = useQueryClient();
  const status = useQuery({
    queryKey: ['search-index'],
    queryFn: ({ signal }) => getJson<IndexStatus>('/api/search/index', accessToken, signal),
    // While a reindex runs (it answers 202 and goes on), its status is polled until it ends.
    refetchInterval: (query) => (query.state.data?.reindexing ? 1000 : false),
  });
  const reindex = useMutation({
    mutationFn: () => postJson<unknown>('/api/search/index/reindex', accessToken),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['search-index'] }),
  });
  return (
    <>
      <h3>Search index</h3>
      <QueryState query={status} />
      {status.data && (
        <dl aria-label="Search index">
          <dt>Engine</dt>
          <dd>{status.data.engine}</dd>
          <dt>Products</dt>
          <dd>{status.data.products}</dd>
          <dt>Last reindex</dt>
          <dd>{describeReindex(status.data.lastReindex)}</dd>
        </dl>
      )}
      {reindex.isError && <p role="alert">{reindex.error.message}</p>}
      <button disabled={reindex.isPending || status.data?.reindexing} onClick={() => reindex.mutate()}>
        {reindex.isPending || status.data?.reindexing ? 'Reindexing…' : 'Reindex'}
      </button>
    </>
  );
}

function ZeroResults({ range, accessToken }: { range: { from: string; to: string }; accessToken: string }) {
  const path = `/api/search/analytics/zero-results?${new URLSearchParams({ ...range, limit: '20' })}`;
  const report = useQuery({ queryKey: ['zero-results', path], queryFn: ({ signal }) => getJson<ZeroResultReport>(path, accessToken, signal) });
  return (
    <>
      <h3>Searches that found nothing</h3>
      <QueryState query={report} />
      <ul aria-label="Searches that found nothing">
        {report.data?.queries.map((q) => (
          <li key={q.query}>
            “{q.query}”: {q.searches}
          </li>
        ))}
      </ul>
    </>
  );
}
