/** A failed API call, with what a person should read and, for a 503, when to try again. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

interface ProblemDetails {
  title?: string;
  detail?: string;
  errors?: Record<string, string[]>;
}

/** What each failure means to a merchant: the role missing, reports catching up, or which parameter is wrong. */
export async function toApiError(response: Response): Promise<ApiError> {
  const problem = (await response.json().catch(() => ({}))) as ProblemDetails;
  switch (response.status) {
    case 400: {
      const named = Object.entries(problem.errors ?? {}).map(([name, messages]) => `${name}: ${messages.join(' ')}`);
      return new ApiError(400, named.length > 0 ? named.join('; ') : (problem.detail ?? problem.title ?? 'The request was refused.'));
    }
    case 401:
      return new ApiError(401, 'Your session has ended: sign in again.');
    case 403:
      return new ApiError(403, 'Your account lacks the admin role.');
    case 503: {
      const retryAfter = Number(response.headers.get('Retry-After'));
      return new ApiError(503, 'Reports are catching up, retrying…', Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 5);
    }
    default:
      return new ApiError(response.status, problem.detail ?? problem.title ?? `The server answered ${response.status}.`);
  }
}

/** A call to a platform API through the host (same origin) with the user's access token; a failure becomes an ApiError. */
export async function callApi(path: string, accessToken: string, init: RequestInit = {}, accept = 'application/json'): Promise<Response> {
  const response = await fetch(path, { ...init, headers: { ...init.headers, Authorization: `Bearer ${accessToken}`, Accept: accept } });
  if (!response.ok) {
    throw await toApiError(response);
  }
  return response;
}

export async function getJson<T>(path: string, accessToken: string, signal?: AbortSignal): Promise<T> {
  return (await (await callApi(path, accessToken, { signal })).json()) as T;
}

export async function postJson<T>(path: string, accessToken: string, body?: unknown): Promise<T> {
  const response = await callApi(path, accessToken, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // A 202 Accepted may carry no body.
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Only a 503 is worth retrying: it says when, and the page says it is retrying. */
export function shouldRetry(failures: number, error: unknown): boolean {
  return error instanceof ApiError && error.status === 503 && failures < 20;
}

export function retryDelay(_failures: number, error: unknown): number {
  return error instanceof ApiError && error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : 1000;
}
