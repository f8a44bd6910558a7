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

        return ProviderException.FromAnswer((int)response.StatusCode, code ?? response.ReasonPhrase ?? "Unknown", ProviderCall.RetryAfter(response, TimeProvider.System));
    }
}
