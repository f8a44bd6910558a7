/** A dead letter as `GET /api/dead-letters` lists it: why it failed and where, never its payload. */
export interface DeadLetter {
  eventId: string;
  eventType: string | null;
  channel: string | null;
  reasonCode: string;
  reason: string;
  attempts: number;
  lastFailure: string;
}

export interface ReplayResponse {
  replayed: number;
}

/** A full reindex: when it ran, how many products it wrote, or why it failed. */
export interface ReindexRun {
  startedAt: string;
  completedAt: string | null;
  products: number | null;
  error: string | null;
}

/** The search index as `GET /api/search/index` reports it. */
export interface IndexStatus {
  engine: string;
  products: number;
  reindexing: boolean;
  lastReindex: ReindexRun | null;
}

/** How the last reindex ended, in a line. */
export function describeReindex(run: ReindexRun | null): string {
  if (!run) {
    return '—';
  }
  if (run.error) {
    return `failed: ${run.error}`;
  }
  return run.completedAt ? `${run.products ?? 0} products, ${new Date(run.completedAt).toLocaleString()}` : `running since ${new Date(run.startedAt).toLocaleString()}`;
}

export interface ZeroResultReport {
  queries: { query: string; searches: number; lastSearchedAt: string }[];
}

/** The operations page's time range, in the URL as `from` and `to` (ISO instants); the last day by default. */
export function readRange(search: string, now: Date = new Date()): { from: string; to: string } {
  const query = new URLSearchParams(search);
  const valid = (value: string | null) => (value !== null && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : null);
  const to = valid(query.get('to')) ?? new Date(now.getTime() + 60_000).toISOString();
  const from = valid(query.get('from')) ?? new Date(Date.parse(to) - 24 * 3600_000).toISOString();
  return { from, to };
}
