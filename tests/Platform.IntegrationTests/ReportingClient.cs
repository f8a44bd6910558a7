using System.Net.Http.Headers;
using AppHost.Security;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.IntegrationTests;

internal static class ReportingClient
{
    public const string Audience = "reporting-api";

    public static string AdminToken(this PlatformFixture platform) =>
        platform.Tokens().CreateToken(Audience, ["admin"], [], TimeSpan.FromMinutes(5));

    /// <summary>An HttpClient for reporting-api that sends <paramref name="token"/> (none when empty).</summary>
    public static HttpClient CreateReportingClient(this PlatformFixture platform, string token) => platform.CreateServiceClient(Audience, token);

    /// <summary>An HttpClient for a platform service that sends <paramref name="token"/> (none when empty).</summary>
    public static HttpClient CreateServiceClient(this PlatformFixture platform, string service, string token)
    {
        var http = platform.App.CreateHttpClient(service, "http");
        if (token.Length > 0)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }
}
