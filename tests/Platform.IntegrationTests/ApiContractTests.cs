using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;

namespace Platform.IntegrationTests;

/// <summary>docs/{service}.openapi.json is each HTTP API's contract: the running service must serve exactly it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ApiContractTests(PlatformFixture platform)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Theory]
    [InlineData("reporting-api")]
    [InlineData("search-api")]
    [InlineData("notifications-worker")]
    public async Task TheServedOpenApiDocumentIsTheCommittedContract(string service)
    {
        using var http = platform.App.CreateHttpClient(service, "http");
        var served = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!.ToJsonString(Indented) + "\n";
        var path = Contract(service);

        if (Environment.GetEnvironmentVariable("PLATFORM_UPDATE_CONTRACTS") == "true")
        {
            await File.WriteAllTextAsync(path, served);
        }

        Assert.True(File.Exists(path) && (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n") == served,
            $"{service} changed its contract: review the change, then update docs/{service}.openapi.json (README, Contracts).");
    }

    [Theory]
    [InlineData("reporting-api")]
    [InlineData("search-api")]
    [InlineData("notifications-worker")]
    public async Task DevelopmentHasABrowsableApiPageTheDashboardLinksTo(string service)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var linked = await platform.App.ResourceNotifications.WaitForResourceAsync(service,
            e => e.Snapshot.Urls.Any(u => u.DisplayProperties.DisplayName == "API reference"), deadline.Token);
        using var http = new HttpClient();
        using var page = await http.GetAsync(linked.Snapshot.Urls.First(u => u.DisplayProperties.DisplayName == "API reference").Url, deadline.Token);

        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("reporting-api", "/api/reports/")]
    [InlineData("search-api", "/api/search")]
    [InlineData("notifications-worker", "/api/")]
    public async Task TheContractNeedsABearerTokenForEveryPath(string service, string prefix)
    {
        var contract = JsonNode.Parse(await File.ReadAllTextAsync(Contract(service)))!;

        Assert.Equal("bearer", contract["components"]!["securitySchemes"]!["Bearer"]!["scheme"]!.GetValue<string>());
        Assert.NotEmpty(contract["security"]!.AsArray());
        Assert.All(contract["paths"]!.AsObject().Select(p => p.Key), path => Assert.StartsWith(prefix, path));
    }

    private static string Contract(string service) => Path.Combine(RepositoryRoot.Path, "docs", $"{service}.openapi.json");
}
