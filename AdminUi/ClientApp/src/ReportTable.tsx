import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { pageSizes, toggleSort, type ListResponse, type ListView } from './listReport';

/** A column, and the report's sort field for it when the server can sort by it. */
export type ReportColumn<T> = ColumnDef<T> & { meta?: { sortField?: string } };

/**
 * A page of a list report in TanStack Table, paged and sorted by the server: the table shows what the API answered
 * for the view, and every click asks for another view.
 */
export function ReportTable<T>({
  label,
  page,
  columns,
  view,
  onViewChange,
}: {
  label: string;
  page: ListResponse<T>;
  columns: ReportColumn<T>[];
  view: ListView;
  onViewChange: (view: ListView) => void;
}) {
  const pageCount = Math.max(1, Math.ceil(page.totalCount / view.pageSize));
  const table = useReactTable({
    data: page.items,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    pageCount,
  });

  return (
    <>
      <table aria-label={label}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const field = (header.column.columnDef as ReportColumn<T>).meta?.sortField;
                const sorted = view.sort === field ? 'ascending' : view.sort === `-${field}` ? 'descending' : 'none';
                return (
                  <th key={header.id} aria-sort={field ? sorted : undefined}>
                    {field ? (
                      <button onClick={() => onViewChange(toggleSort(view, field))}>
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        {sorted === 'ascending' ? ' ▲' : sorted === 'descending' ? ' ▼' : ''}
                      </button>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id}>
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
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
