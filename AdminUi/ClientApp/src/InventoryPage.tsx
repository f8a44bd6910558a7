import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { getJson } from './api';
import { downloadCsv } from './csv';
import { formatAmount } from './format';
import { listQuery, readListView, type ListResponse, type ListView } from './listReport';
import { inventoryTypes, readInventoryFilters } from './inventory';
import { navigate } from './navigation';
import { QueryField } from './QueryControls';
import type { DataColumn } from './DataTable';
import { ReportTable } from './ReportTable';
import { QueryState } from './QueryState';

/** A SKU's stock and cover, as `/api/reports/inventory` answers it. */
export interface InventoryRow {
  skuId: number;
  name: string | null;
  productName: string | null;
  category: string | null;
  inventoryType: string | null;
  quantityAvailable: number | null;
  retailPrice: number | null;
  unitsSold: number;
  daysOfCover: number | null;
}

const sortable = ['skuId', 'name', 'product', 'category', 'inventoryType', 'quantity', 'price', 'daysOfCover'] as const;

const columns: DataColumn<InventoryRow>[] = [
  { accessorKey: 'skuId', header: 'SKU', meta: { sortField: 'skuId' } },
  { accessorKey: 'name', header: 'Name', meta: { sortField: 'name' } },
  { accessorKey: 'productName', header: 'Product', meta: { sortField: 'product' } },
  { accessorKey: 'category', header: 'Category', meta: { sortField: 'category' } },
  { accessorKey: 'inventoryType', header: 'Inventory type', meta: { sortField: 'inventoryType' } },
  { accessorKey: 'quantityAvailable', header: 'In stock', meta: { sortField: 'quantity' } },
  {
    accessorKey: 'retailPrice',
    header: 'Price',
    meta: { sortField: 'price' },
    cell: ({ getValue }) => (getValue<number | null>() === null ? '—' : formatAmount(getValue<number>())),
  },
  { accessorKey: 'unitsSold', header: 'Sold (30 days)' },
  {
    accessorKey: 'daysOfCover',
    header: 'Days of cover',
    meta: { sortField: 'daysOfCover' },
    cell: ({ getValue }) => getValue<number | null>() ?? '—',
  },
];

/** Every SKU's stock (or, as low stock, those at or under the threshold), paged and sorted by the server, view in the URL. */
export function InventoryPage({ lowStock, search, accessToken }: { lowStock: boolean; search: string; accessToken: string }) {
  const path = lowStock ? '/inventory/low-stock' : '/inventory';
  const view = readListView(search, { page: 1, pageSize: 50, sort: lowStock ? 'quantity' : 'skuId' }, sortable);
  const filters = readInventoryFilters(search, lowStock);
  const endpoint = `/api/reports${path}?${listQuery(view, filters)}`;
  const [csvError, setCsvError] = useState<string>();
  const report = useQuery({
    queryKey: ['inventory', endpoint],
    queryFn: ({ signal }) => getJson<ListResponse<InventoryRow>>(endpoint, accessToken, signal),
    placeholderData: keepPreviousData,
  });
  const show = (next: ListView) => navigate(`${path}?${listQuery(next, filters)}`);

  return (
    <section aria-label={lowStock ? 'Low stock' : 'Inventory'}>
      <h2>{lowStock ? 'Low stock' : 'Inventory'}</h2>
      <div className="controls">
        {lowStock ? (
          <QueryField label="At or under" name="threshold" type="number" search={search} value={filters.threshold ?? ''} />
        ) : (
          <QueryField label="Inventory type" name="inventoryType" search={search} value={filters.inventoryType ?? ''} choices={inventoryTypes} />
        )}
        <QueryField label="Category id" name="categoryId" type="number" search={search} value={filters.categoryId ?? ''} />
      </div>
      <button
        onClick={() => downloadCsv(endpoint, accessToken, lowStock ? 'low-stock.csv' : 'inventory.csv').catch((e: Error) => setCsvError(e.message))}
      >
        Export CSV
      </button>
      {csvError && <p role="alert">{csvError}</p>}
      <QueryState query={report} />
      {report.data && <ReportTable label={lowStock ? 'Low stock' : 'Inventory'} page={report.data} columns={columns} view={view} onViewChange={show} />}
    </section>
  );
}
