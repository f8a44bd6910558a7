import { queryOf } from './period';

/** A list report's page, as the Reporting API answers it: `{ items, page, pageSize, totalCount, sort, asOf }`. */
export interface ListResponse<T> {
  items: T[];
  page: number;
  pageSize: number;
  totalCount: number;
  sort: string;
  asOf: string;
}

/** Which page, how long, and in which order (`name`, or `-name` for descending): what the server pages and sorts by. */
export interface ListView {
  page: number;
  pageSize: number;
  sort: string;
}

export const pageSizes = [25, 50, 100, 200] as const;

/** The view in a page's query string; what is missing or out of range takes its default. */
export function readListView(search: string, defaults: ListView, sortable: readonly string[]): ListView {
  const query = new URLSearchParams(search);
  const page = Number(query.get('page'));
  const pageSize = Number(query.get('pageSize'));
  const sort = query.get('sort') ?? '';
  return {
    page: Number.isInteger(page) && page >= 1 ? page : defaults.page,
    pageSize: (pageSizes as readonly number[]).includes(pageSize) ? pageSize : defaults.pageSize,
    sort: sortable.includes(sort.replace(/^-/, '')) ? sort : defaults.sort,
  };
}

/** The query string for a view and the page's own filters (empty filters left out). */
export function listQuery(view: ListView, filters: Record<string, string | undefined> = {}): string {
  const query = queryOf(filters);
  query.set('page', String(view.page));
  query.set('pageSize', String(view.pageSize));
  query.set('sort', view.sort);
  return query.toString();
}

/** Clicking a column: ascending first, then descending; a new column starts at its first page. */
export function toggleSort(view: ListView, field: string): ListView {
  return { ...view, page: 1, sort: view.sort === field ? `-${field}` : field };
}
