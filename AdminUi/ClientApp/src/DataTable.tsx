import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';

/** A column, and the report's sort field for it when the server can sort by it. */
export type DataColumn<T> = ColumnDef<T> & { meta?: { sortField?: string } };

/** Which column the rows are sorted by (`name`, or `-name` descending), and what a click on a sortable header asks for. */
export interface ServerSort {
  sort: string;
  onSort: (field: string) => void;
}

/** Rows of a report in TanStack Table; with `serverSort`, its sortable headers ask the server for another order. */
export function DataTable<T>({ label, data, columns, serverSort }: { label: string; data: T[]; columns: DataColumn<T>[]; serverSort?: ServerSort }) {
  const table = useReactTable({ data, columns, getCoreRowModel: getCoreRowModel(), manualSorting: true });
  return (
    <table aria-label={label}>
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => {
              const title = flexRender(header.column.columnDef.header, header.getContext());
              const field = (header.column.columnDef as DataColumn<T>).meta?.sortField;
              if (!serverSort || !field) {
                return <th key={header.id}>{title}</th>;
              }
              const sorted = serverSort.sort === field ? 'ascending' : serverSort.sort === `-${field}` ? 'descending' : 'none';
              return (
                <th key={header.id} aria-sort={sorted}>
                  <button onClick={() => serverSort.onSort(field)}>
                    {title}
                    {sorted === 'ascending' ? ' ▲' : sorted === 'descending' ? ' ▼' : ''}
                  </button>
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
  );
}
