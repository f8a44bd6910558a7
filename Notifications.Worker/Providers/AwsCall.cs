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

    /// <summary>Sends; no answer at all (network, timeout) is a transient <see cref="ProviderException"/>.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            try
            {
                return await http.SendAsync(request, ct);
            }
            catch (HttpRequestException e)
            {
                throw new ProviderException(null, e.HttpRequestError.ToString(), transient: true, e);
            }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new ProviderException(null, "Timeout", transient: true, e);
            }
        }
    }
}
