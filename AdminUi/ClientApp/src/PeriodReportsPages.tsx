import { useQuery } from '@tanstack/react-query';
import { getJson } from './api';
import { DataTable, type DataColumn } from './DataTable';
import { formatMoney, formatPercent, formatShare } from './format';
import { periodPath, type PeriodView, type ReportParameters } from './period';
import { PeriodFields } from './QueryControls';
import type { FigureChange } from './sales';
import { QueryState } from './QueryState';
import { describeCodes, type CampaignCode } from './campaigns';

/** One report over the period: its answer, or what went wrong, under a heading naming the period. */
function PeriodReport<T>({
  title,
  report,
  period,
  parameters,
  search,
  accessToken,
  children,
}: {
  title: string;
  report: string;
  period: PeriodView;
  parameters: ReportParameters;
  search: string;
  accessToken: string;
  children: (data: T) => React.ReactNode;
}) {
  const path = periodPath(report, period, parameters);
  const answer = useQuery({ queryKey: [report, path], queryFn: ({ signal }) => getJson<T>(path, accessToken, signal) });
  return (
    <section aria-label={title}>
      <h2>
        {title} {period.startDate} – {period.endDate}
      </h2>
      <PeriodFields search={search} period={period} parameters={parameters} />
      <QueryState query={answer} />
      {answer.data && children(answer.data)}
    </section>
  );
}

const change = (c: FigureChange | undefined) => formatPercent(c?.percent);
const money = (amount: number, currency: string | null) => formatMoney(amount, currency ?? 'USD');

interface OrderStatusRow {
  status: string | null;
  currency: string | null;
  orders: number;
  total: number;
  change?: { orders: FigureChange; total: FigureChange };
}

const orderStatusColumns: DataColumn<OrderStatusRow>[] = [
  { accessorKey: 'status', header: 'Status' },
  { accessorKey: 'currency', header: 'Currency' },
  { accessorKey: 'orders', header: 'Orders' },
  { id: 'ordersChange', header: 'Change', cell: ({ row }) => change(row.original.change?.orders) },
  { accessorKey: 'total', header: 'Total', cell: ({ row }) => money(row.original.total, row.original.currency) },
  { id: 'totalChange', header: 'Change', cell: ({ row }) => change(row.original.change?.total) },
];

export function OrderStatusPage({ period, search, accessToken }: { period: PeriodView; search: string; accessToken: string }) {
  return (
    <PeriodReport<{ items: OrderStatusRow[] }> title="Order status" report="orders/status" period={period} parameters={{ compares: true, byCurrency: false }} search={search} accessToken={accessToken}>
      {(data) => <DataTable label="Order status" data={data.items} columns={orderStatusColumns} />}
    </PeriodReport>
  );
}

interface DeliveryRow {
  label?: string;
  type?: string | null;
  groups: number;
  share: number;
}

const deliveryColumns = (first: 'label' | 'type', header: string): DataColumn<DeliveryRow>[] => [
  { accessorKey: first, header },
  { accessorKey: 'groups', header: 'Groups' },
  { accessorKey: 'share', header: 'Share', cell: ({ getValue }) => formatShare(getValue<number>()) },
];

export function DeliveryPage({ period, search, accessToken }: { period: PeriodView; search: string; accessToken: string }) {
  return (
    <PeriodReport<{ totalGroups: number; fulfilledShare: number; deliveredShare: number; byStatus: DeliveryRow[]; byType: DeliveryRow[] }>
      title="Delivery"
      report="delivery"
      period={period}
      parameters={{ compares: false, byCurrency: false }}
      search={search}
      accessToken={accessToken}
    >
      {(data) => (
        <>
          <p>
            {data.totalGroups} fulfillment groups; fulfilled {formatShare(data.fulfilledShare)}, delivered {formatShare(data.deliveredShare)}
          </p>
          <DataTable label="Delivery by status" data={data.byStatus} columns={deliveryColumns('label', 'Status')} />
          <DataTable label="Delivery by type" data={data.byType} columns={deliveryColumns('type', 'Type')} />
        </>
      )}
    </PeriodReport>
  );
}

interface CampaignRow {
  offerId: number;
  name: string;
  offerType: string;
  redemptions: number;
  customers: number;
  redemptionRate: number;
  amounts: { currency: string | null; discounts: number; revenue: number }[];
  codes: CampaignCode[];
  change?: { redemptions: FigureChange };
}


const campaignColumns: DataColumn<CampaignRow>[] = [
  { accessorKey: 'name', header: 'Campaign' },
  { accessorKey: 'offerType', header: 'Type' },
  { accessorKey: 'redemptions', header: 'Redemptions' },
  { id: 'redemptionsChange', header: 'Change', cell: ({ row }) => change(row.original.change?.redemptions) },
  { accessorKey: 'customers', header: 'Customers' },
  { accessorKey: 'redemptionRate', header: 'Redemption rate', cell: ({ getValue }) => formatShare(getValue<number>()) },
  {
    id: 'discounts',
    header: 'Discounts',
    cell: ({ row }) => row.original.amounts.map((a) => money(a.discounts, a.currency)).join(' · ') || '—',
  },
  { id: 'codes', header: 'Codes: uses in the period (to date of the maximum)', cell: ({ row }) => describeCodes(row.original.codes) },
];

export function CampaignsPage({ period, search, accessToken }: { period: PeriodView; search: string; accessToken: string }) {
  return (
    <PeriodReport<{ ordersInPeriod: number; items: CampaignRow[] }> title="Campaigns" report="campaigns" period={period} parameters={{ compares: true, byCurrency: false }} search={search} accessToken={accessToken}>
      {(data) => <DataTable label="Campaigns" data={data.items} columns={campaignColumns} />}
    </PeriodReport>
  );
}

interface CustomerFigures {
  currency: string | null;
  orders: number;
  customers: number;
  newCustomers: number;
  returningCustomers: number;
  returningCustomerRate: number;
  revenuePerCustomer: number;
}

const customerColumns: DataColumn<CustomerFigures>[] = [
  { accessorKey: 'currency', header: 'Currency' },
  { accessorKey: 'orders', header: 'Orders' },
  { accessorKey: 'customers', header: 'Customers' },
  { accessorKey: 'newCustomers', header: 'New' },
  { accessorKey: 'returningCustomers', header: 'Returning' },
  { accessorKey: 'returningCustomerRate', header: 'Returning rate', cell: ({ getValue }) => formatShare(getValue<number>()) },
  { accessorKey: 'revenuePerCustomer', header: 'Revenue per customer', cell: ({ row }) => money(row.original.revenuePerCustomer, row.original.currency) },
];

export function CustomersPage({ period, search, accessToken }: { period: PeriodView; search: string; accessToken: string }) {
  return (
    <PeriodReport<{ totals: CustomerFigures[] }> title="Customers" report="customers" period={period} parameters={{ compares: false, byCurrency: true }} search={search} accessToken={accessToken}>
      {(data) => <DataTable label="Customers" data={data.totals} columns={customerColumns} />}
    </PeriodReport>
  );
}
