using System.Diagnostics;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace Notifications.Worker.Providers;

internal static class AwsCall
{
    /// <summary>A failed answer as a <see cref="ProviderException"/> carrying AWS's error code (JSON <c>__type</c> or XML <c>Code</c>).</summary>
    public static async Task<ProviderException> FailureAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        string? code = null;
        try
        {
            code = body.TrimStart().StartsWith('<')
                ? XDocument.Parse(body).Descendants().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value
                : JsonDocument.Parse(body).RootElement.TryGetProperty("__type", out var type) ? type.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or XmlException)
        {
            // Not AWS's own answer (a proxy's page, say): the status alone decides.
        }

        return ProviderException.FromAnswer((int)response.StatusCode, code ?? response.ReasonPhrase ?? "Unknown");
    }

    /// <summary>The worker's own activity source (ServiceDefaults traces the application's name).</summary>
    private static readonly ActivitySource Source = new(typeof(AwsCall).Assembly.GetName().Name!);

    /// <summary>
    /// Sends in a client span named after the AWS operation (OpenTelemetry's AWS conventions; no recipient or content
    /// in it); no answer at all (network, timeout) is a transient <see cref="ProviderException"/>.
    /// </summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string service, string operation, CancellationToken ct)
    {
        using var activity = Source.StartActivity($"{service}.{operation}", ActivityKind.Client);
        activity?.SetTag("rpc.system", "aws-api");
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
}
