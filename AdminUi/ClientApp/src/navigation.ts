import { useSyncExternalStore } from 'react';

/**
 * Moves between the console's pages without reloading it: a reload would drop the signed-in user, whose tokens live
 * in memory only. Each page keeps its view in the query string, so the back button and a shared link work.
 */
export function navigate(url: string): void {
  window.history.pushState({}, '', url);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
}

/** The current path and query string, re-rendering on every navigation. */
export function useLocation(): { pathname: string; search: string } {
  const href = useSyncExternalStore(subscribe, () => window.location.href);
  const url = new URL(href);
  return { pathname: url.pathname, search: url.search };
}
