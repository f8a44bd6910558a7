import { DataTable, type DataColumn } from './DataTable';
import { pageSizes, toggleSort, type ListResponse, type ListView } from './listReport';

/** A page of a list report, paged and sorted by the server: every click asks for another view. */
export function ReportTable<T>({
  label,
  page,
  columns,
  view,
  onViewChange,
}: {
  label: string;
  page: ListResponse<T>;
  columns: DataColumn<T>[];
  view: ListView;
  onViewChange: (view: ListView) => void;
}) {
  const pageCount = Math.max(1, Math.ceil(page.totalCount / view.pageSize));
  return (
    <>
      <DataTable label={label} data={page.items} columns={columns} serverSort={{ sort: view.sort, onSort: (field) => onViewChange(toggleSort(view, field)) }} />
      <nav className="pager" aria-label={`${label} pages`}>
        <button disabled={view.page <= 1} onClick={() => onViewChange({ ...view, page: view.page - 1 })}>
          Previous
        </button>
        <span>
          Page {view.page} of {pageCount} ({page.totalCount} rows)
        </span>
        <button disabled={view.page >= pageCount} onClick={() => onViewChange({ ...view, page: view.page + 1 })}>
          Next
        </button>
        <label>
          Rows per page{' '}
          <select value={view.pageSize} onChange={(e) => onViewChange({ ...view, page: 1, pageSize: Number(e.target.value) })}>
            {pageSizes.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
      </nav>
    </>
  );
}
