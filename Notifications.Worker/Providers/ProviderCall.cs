using System.Diagnostics;

namespace Notifications.Worker.Providers;

internal static class ProviderCall
{
    /// <summary>The worker's own activity source (ServiceDefaults traces the application's name).</summary>
    private static readonly ActivitySource Source = new(typeof(ProviderCall).Assembly.GetName().Name!);

    /// <summary>
    /// Sends in a client span named <c>{service}.{operation}</c> (OpenTelemetry's RPC conventions; no recipient, token or
    /// content in it); no answer at all (network, timeout) is a transient <see cref="ProviderException"/>.
    /// </summary>
    /// <param name="system"><c>rpc.system</c>: <c>aws-api</c>, <c>google-api</c>.</param>
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient http, HttpRequestMessage request, string system, string service, string operation, CancellationToken ct)
    {
        using var activity = Source.StartActivity($"{service}.{operation}", ActivityKind.Client);
        activity?.SetTag("rpc.system", system);
        activity?.SetTag("rpc.service", service);
        activity?.SetTag("rpc.method", operation);
        using (request)
        {
            try
            {
                var response = await http.SendAsync(request, ct);
                activity?.SetTag("http.response.status_code", (int)response.StatusCode);
                if (!response.IsSuccessStatusCode)
                {
                    activity?.SetStatus(ActivityStatusCode.Error, $"HTTP {(int)response.StatusCode}");
                }

                return response;
            }
            catch (HttpRequestException e)
            {
                activity?.SetStatus(ActivityStatusCode.Error, e.HttpRequestError.ToString());
                throw new ProviderException(null, e.HttpRequestError.ToString(), transient: true, e);
            }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
            {
                activity?.SetStatus(ActivityStatusCode.Error, "Timeout");
                throw new ProviderException(null, "Timeout", transient: true, e);
            }
        }
    }

    /// <summary>The wait a failed answer asks for (<c>Retry-After</c>, in seconds or as a date); null when it names none.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider clock) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow() is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}
