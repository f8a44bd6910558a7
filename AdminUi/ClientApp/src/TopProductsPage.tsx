import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getJson } from './api';
import type { DataColumn } from './DataTable';
import { formatMoney, formatPercent } from './format';
import { listQuery, readListView, type ListResponse, type ListView } from './listReport';
import { navigate } from './navigation';
import { periodParameters, type PeriodView, type ReportParameters } from './period';
import { PeriodFields } from './QueryControls';
import { ReportTable } from './ReportTable';
import type { FigureChange } from './sales';
import { QueryState } from './QueryState';

interface TopProductRow {
  skuId: number;
  name: string | null;
  currency: string | null;
  units: number;
  revenue: number;
  orders: number;
  change?: { units: FigureChange; revenue: FigureChange };
}

const sortable = ['revenue', 'units', 'orders', 'name', 'skuId'] as const;
const topProductsParameters: ReportParameters = { compares: true, byCurrency: true };

const columns: DataColumn<TopProductRow>[] = [
  { accessorKey: 'skuId', header: 'SKU', meta: { sortField: 'skuId' } },
  { accessorKey: 'name', header: 'Name', meta: { sortField: 'name' } },
  { accessorKey: 'currency', header: 'Currency' },
  { accessorKey: 'units', header: 'Units', meta: { sortField: 'units' } },
  { id: 'unitsChange', header: 'Change', cell: ({ row }) => formatPercent(row.original.change?.units.percent) },
  { accessorKey: 'revenue', header: 'Revenue', meta: { sortField: 'revenue' }, cell: ({ row }) => formatMoney(row.original.revenue, row.original.currency ?? 'USD') },
  { id: 'revenueChange', header: 'Change', cell: ({ row }) => formatPercent(row.original.change?.revenue.percent) },
  { accessorKey: 'orders', header: 'Orders', meta: { sortField: 'orders' } },
];

/** The best-selling SKUs of the period per currency, paged and sorted by the server, compared with the period before. */
export function TopProductsPage({ period, search, accessToken }: { period: PeriodView; search: string; accessToken: string }) {
  const view = readListView(search, { page: 1, pageSize: 50, sort: '-revenue' }, sortable);
  const parameters = periodParameters(period, topProductsParameters);
  const query = listQuery(view, parameters);
  const endpoint = `/api/reports/sales/top-products?${query}`;
  const report = useQuery({
    queryKey: ['top-products', endpoint],
    queryFn: ({ signal }) => getJson<ListResponse<TopProductRow>>(endpoint, accessToken, signal),
    placeholderData: keepPreviousData,
  });
  const show = (next: ListView) => navigate(`/top-products?${listQuery(next, parameters)}`);

  return (
    <section aria-label="Top products">
      <h2>
        Top products {period.startDate} – {period.endDate}
      </h2>
      <PeriodFields search={search} period={period} parameters={topProductsParameters} />
      <QueryState query={report} />
      {report.data && <ReportTable label="Top products" page={report.data} columns={columns} view={view} onViewChange={show} />}
    </section>
  );
}
