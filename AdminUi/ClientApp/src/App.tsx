import type { User } from 'oidc-client-ts';
import { lastDays } from './format';
import { InventoryPage } from './InventoryPage';
import { navigate, useLocation } from './navigation';
import { OperationsPage } from './OperationsPage';
import { periodQuery, readPeriod } from './period';
import { CampaignsPage, CustomersPage, DeliveryPage, OrderStatusPage } from './PeriodReportsPages';
import { readSalesView } from './sales';
import { SalesPage } from './SalesPage';
import { TopProductsPage } from './TopProductsPage';

const pages = [
  { path: '/', label: 'Sales' },
  { path: '/top-products', label: 'Top products' },
  { path: '/orders', label: 'Order status' },
  { path: '/customers', label: 'Customers' },
  { path: '/campaigns', label: 'Campaigns' },
  { path: '/delivery', label: 'Delivery' },
  { path: '/inventory', label: 'Inventory' },
  { path: '/inventory/low-stock', label: 'Low stock' },
  { path: '/operations', label: 'Operations' },
];

/** The page at a path, its view read from the query string (the last 30 days by default). */
function Page({ pathname, search, accessToken }: { pathname: string; search: string; accessToken: string }) {
  const period = readPeriod(search, { ...lastDays(30), compare: 'previous_period' });
  switch (pathname) {
    case '/orders':
      return <OrderStatusPage period={period} search={search} accessToken={accessToken} />;
    case '/customers':
      return <CustomersPage period={period} search={search} accessToken={accessToken} />;
    case '/campaigns':
      return <CampaignsPage period={period} search={search} accessToken={accessToken} />;
    case '/delivery':
      return <DeliveryPage period={period} search={search} accessToken={accessToken} />;
    case '/inventory':
    case '/inventory/low-stock':
      return <InventoryPage lowStock={pathname === '/inventory/low-stock'} search={search} accessToken={accessToken} />;
    case '/operations':
      return <OperationsPage search={search} accessToken={accessToken} />;
    case '/top-products':
      return <TopProductsPage period={period} search={search} accessToken={accessToken} />;
    default:
      return <SalesPage view={readSalesView(search, { ...period, granularity: 'day' })} search={search} accessToken={accessToken} />;
  }
}

/** The console for a signed-in user: its pages, switched without a reload. */
export function App({ user, onSignOut }: { user: User; onSignOut: () => void }) {
  const { pathname, search } = useLocation();
  return (
    <>
      <header>
        <h1>Commerce admin</h1>
        <nav aria-label="Pages">
          {pages.map((page) => (
            <a
              key={page.path}
              href={page.path}
              aria-current={pathname === page.path ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                // The period travels from page to page; each list keeps its own paging.
                navigate(page.path.startsWith('/inventory') || page.path === '/operations' ? page.path : `${page.path}${periodQuery(search)}`);
              }}
            >
              {page.label}
            </a>
          ))}
        </nav>
        <span>{user.profile.name ?? user.profile.sub}</span> <button onClick={onSignOut}>Sign out</button>
      </header>
      <main>
        <Page pathname={pathname} search={search} accessToken={user.access_token} />
      </main>
    </>
  );
}
