import type { User } from 'oidc-client-ts';
import { lastDays } from './format';
import { InventoryPage } from './InventoryPage';
import { navigate, useLocation } from './navigation';
import { OperationsPage } from './OperationsPage';
import { readSalesView } from './sales';
import { SalesPage } from './SalesPage';

const pages = [
  { path: '/', label: 'Sales' },
  { path: '/inventory', label: 'Inventory' },
  { path: '/inventory/low-stock', label: 'Low stock' },
  { path: '/operations', label: 'Operations' },
];

/** The console for a signed-in user: its pages, each with its view read from the URL. */
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
                navigate(page.path);
              }}
            >
              {page.label}
            </a>
          ))}
        </nav>
        <span>{user.profile.name ?? user.profile.sub}</span> <button onClick={onSignOut}>Sign out</button>
      </header>
      <main>
        {pathname === '/operations' ? (
          <OperationsPage search={search} accessToken={user.access_token} />
        ) : pathname.startsWith('/inventory') ? (
          <InventoryPage lowStock={pathname === '/inventory/low-stock'} search={search} accessToken={user.access_token} />
        ) : (
          <SalesPage
            view={readSalesView(search, { ...lastDays(30), granularity: 'day', compare: 'previous_period' })}
            accessToken={user.access_token}
          />
        )}
      </main>
    </>
  );
}
