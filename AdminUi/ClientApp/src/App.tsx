import type { User } from 'oidc-client-ts';
import { lastDays } from './format';
import { readSalesView } from './sales';
import { SalesPage } from './SalesPage';

/** The console for a signed-in user: the sales page, its view read from the URL. */
export function App({ user, onSignOut }: { user: User; onSignOut: () => void }) {
  const view = readSalesView(window.location.search, { ...lastDays(30), granularity: 'day', compare: 'previous_period' });
  return (
    <>
      <header>
        <h1>Commerce admin</h1>
        <span>{user.profile.name ?? user.profile.sub}</span> <button onClick={onSignOut}>Sign out</button>
      </header>
      <main>
        <SalesPage view={view} accessToken={user.access_token} />
      </main>
    </>
  );
}
