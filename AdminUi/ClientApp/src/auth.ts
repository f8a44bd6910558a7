import { InMemoryWebStorage, UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import type { AdminConfig } from './config';

export const callbackPath = '/callback';

/**
 * Authorization code with PKCE against the configured authority. The user and their tokens stay in memory: a reload
 * signs in again (silently at the provider when its session lasts), and no script can find them in storage later.
 */
export function createUserManager(config: AdminConfig): UserManager {
  return new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    scope: config.scope,
    redirect_uri: `${window.location.origin}${callbackPath}`,
    response_type: 'code',
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
  });
}

/** The signed-in user: completes a sign-in coming back from the provider, else starts one. */
export async function signIn(userManager: UserManager): Promise<User | null> {
  if (window.location.pathname === callbackPath) {
    const user = await userManager.signinRedirectCallback();
    window.history.replaceState({}, '', (user.state as string | undefined) ?? '/');
    return user;
  }
  const user = await userManager.getUser();
  if (user && !user.expired) {
    return user;
  }
  await userManager.signinRedirect({ state: window.location.pathname + window.location.search });
  return null;
}
