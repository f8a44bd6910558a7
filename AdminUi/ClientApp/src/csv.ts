import { callApi } from './api';

/** Downloads a list report's page as CSV: the same URL asked for `text/csv`, with the user's token. */
export async function downloadCsv(path: string, accessToken: string, fileName: string): Promise<void> {
  const response = await callApi(path, accessToken, {}, 'text/csv');
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  link.click();
  // Once the click has handed the file to the browser's download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
