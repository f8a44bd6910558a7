using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AppHost.Tests;
using Aspire.Hosting.Testing;

namespace Platform.IntegrationTests;

/// <summary>docs/reporting-api.openapi.json is the Reporting Service API contract: the running service must serve exactly it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ReportingContractTests(PlatformFixture platform)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task TheServedOpenApiDocumentIsTheCommittedContract()
    {
        using var http = platform.App.CreateHttpClient("reporting-api", "http");
        var served = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!.ToJsonString(Indented) + "\n";
        var path = Path.Combine(RepositoryRoot.Path, "docs", "reporting-api.openapi.json");

        if (Environment.GetEnvironmentVariable("PLATFORM_UPDATE_CONTRACTS") == "true")
        {
            await File.WriteAllTextAsync(path, served);
        }

        Assert.True(File.Exists(path) && (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n") == served,
            "The Reporting API changed its contract: review the change, then update docs/reporting-api.openapi.json (README, Contracts).");
    }

    [Fact]
    public async Task DevelopmentHasABrowsableApiPage()
    {
        using var http = platform.App.CreateHttpClient("reporting-api", "http");
        using var page = await http.GetAsync("/scalar/v1");

        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheContractNeedsABearerTokenForEveryReport()
    {
        var contract = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "docs", "reporting-api.openapi.json")))!;

        Assert.Equal("bearer", contract["components"]!["securitySchemes"]!["Bearer"]!["scheme"]!.GetValue<string>());
        Assert.NotEmpty(contract["security"]!.AsArray());
        Assert.All(contract["paths"]!.AsObject().Select(p => p.Key), path => Assert.StartsWith("/api/reports/", path));
    }
}
