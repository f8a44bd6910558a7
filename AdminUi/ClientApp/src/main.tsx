import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { retryDelay, shouldRetry } from './api';
import { App } from './App';
import { createUserManager, signIn } from './auth';
import { loadConfig } from './config';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
const queryClient = new QueryClient({ defaultOptions: { queries: { retry: shouldRetry, retryDelay } } });

async function start() {
  const userManager = createUserManager(await loadConfig());
  const user = await signIn(userManager);
  if (user) {
    root.render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <App user={user} onSignOut={() => void userManager.removeUser().then(() => userManager.signinRedirect())} />
        </QueryClientProvider>
      </StrictMode>,
    );
  }
}

start().catch((error: unknown) => root.render(<p role="alert">{error instanceof Error ? error.message : String(error)}</p>));
