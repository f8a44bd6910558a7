/** What the host tells the app at /config.json: where to sign in, as whom, and for which scopes. */
export interface AdminConfig {
  authority: string;
  clientId: string;
  scope: string;
}

export async function loadConfig(): Promise<AdminConfig> {
  const response = await fetch('/config.json');
  if (!response.ok) {
    throw new Error(`The admin console's configuration could not be read (${response.status}).`);
  }
  return (await response.json()) as AdminConfig;
}
