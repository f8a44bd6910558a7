using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AppHost.Tests;

/// <summary>aspire-manifest.json is what operators deploy with aspirate: it must be current and deployable.</summary>
public sealed partial class ManifestTests
{
    private static readonly string[] DeployableTypes = ["project.v0", "container.v0", "parameter.v0", "value.v0"];
    private static readonly Lazy<string> Regenerated = new(Regenerate);

    private static string CommittedPath => Path.Combine(RepositoryRoot.Path, "aspire-manifest.json");

    [Fact]
    public void TheCommittedManifestIsWhatTheAppHostPublishes()
    {
        var committed = File.ReadAllText(CommittedPath).ReplaceLineEndings();

        Assert.True(committed == Regenerated.Value.ReplaceLineEndings(),
            "aspire-manifest.json is stale: regenerate it with the command in README.md (Deploying).");
    }

    [Fact]
    public void EveryResourceHasATypeAspirateDeploys()
    {
        foreach (var (name, resource) in Resources(Regenerated.Value))
        {
            var type = resource!["type"]!.GetValue<string>();
            Assert.True(DeployableTypes.Contains(type), $"{name} is {type}, which aspirate cannot deploy.");
        }
    }

    [Fact]
    public void ThePublishedModelIsTheProductionShape()
    {
        var resources = Resources(Regenerated.Value).ToDictionary(r => r.Key, r => r.Value!);

        Assert.Equal(
            ["admin-ui", "admin-ui-origin", "broadleaf", "fcm-credentials", "kafka", "notifications", "notifications-worker", "postgres", "postgres-password", "reporting", "reporting-api", "search-api", "solr"],
            resources.Keys.Order());
        // Broadleaf's replica is the store's own database, given to the platform as a secret connection string.
        Assert.Equal("parameter.v0", resources["broadleaf"]["type"]!.GetValue<string>());
        Assert.True(resources["broadleaf"]["inputs"]!["value"]!["secret"]!.GetValue<bool>());
        Assert.Equal("solr", resources["search-api"]["env"]!["Search__Engine"]!.GetValue<string>());
        // FCM's credentials (a service-account key or a workload identity federation configuration) are a secret the
        // deployment gives; the local FCM endpoint is not in the manifest.
        Assert.True(resources["fcm-credentials"]["inputs"]!["value"]!["secret"]!.GetValue<bool>());
        Assert.Equal("{fcm-credentials.value}", resources["notifications-worker"]["env"]!["Notifications__Push__Credentials"]!.GetValue<string>());
        // The admin UI's origin (CORS on the reports) is asked for at deploy time, not baked in.
        Assert.Equal("{admin-ui-origin.value}", resources["reporting-api"]["env"]!["Reporting__AllowedOrigins__0"]!.GetValue<string>());
    }

    [Fact]
    public void NoEnvironmentValueHoldsACredentialInPlainText()
    {
        foreach (var (name, resource) in Resources(Regenerated.Value))
        {
            var values = (resource!["env"] as JsonObject ?? []).Select(e => (Key: e.Key, Value: e.Value!.GetValue<string>()));
            if (resource["connectionString"] is { } connectionString)
            {
                values = values.Append(("connectionString", connectionString.GetValue<string>()));
            }

            foreach (var (key, value) in values)
            {
                Assert.False(InlineSecret().IsMatch(value), $"{name}.{key} holds a credential in plain text: {value}");
                if (SecretName().IsMatch(key))
                {
                    Assert.Matches(@"^\{[a-z0-9-]+\.(value|connectionString)\}$", value);
                }
            }

            // Aspire 13's per-reference extras (e.g. BROADLEAF_PASSWORD, KAFKA_URI) would land in a ConfigMap.
            if (resource["type"]!.GetValue<string>() == "project.v0")
            {
                Assert.DoesNotContain(resource["env"] as JsonObject ?? [], e => ReferenceExtra().IsMatch(e.Key));
            }
        }
    }

    [Fact]
    public void EverySecretIsAParameterMarkedSecret()
    {
        foreach (var (name, resource) in Resources(Regenerated.Value).Where(r => r.Key.Contains("password", StringComparison.Ordinal)))
        {
            Assert.Equal("parameter.v0", resource!["type"]!.GetValue<string>());
            Assert.True(resource["inputs"]!["value"]!["secret"]!.GetValue<bool>(), $"{name} is not secret");
        }
    }

    private static IEnumerable<KeyValuePair<string, JsonNode?>> Resources(string manifest) =>
        JsonNode.Parse(manifest)!["resources"]!.AsObject();

    /// <summary>Runs the README's publish command into a scratch file beside the committed one (paths in it are relative).</summary>
    private static string Regenerate()
    {
        var scratch = Path.Combine(RepositoryRoot.Path, $"aspire-manifest.{Guid.NewGuid():N}.tmp.json");
        var startInfo = new ProcessStartInfo("dotnet",
            ["run", "--project", Path.Combine(RepositoryRoot.Path, "AppHost"), "--no-build", "--", "--publisher", "manifest", "--output-path", scratch])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Path,
        };
        try
        {
            using var process = Process.Start(startInfo)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("Publishing the manifest took over 3 minutes.");
            }

            Assert.True(process.ExitCode == 0, $"Publishing failed ({process.ExitCode}): {errors.Result}{output.Result}");
            return File.ReadAllText(scratch);
        }
        finally
        {
            File.Delete(scratch);
        }
    }

    [GeneratedRegex(@"(?i)(password|pwd|secret|token|key)\s*=\s*(?!\{)[^;{]+")]
    private static partial Regex InlineSecret();

    [GeneratedRegex(@"(?i)(password|secret|token|apikey|_key|credentials)$")]
    private static partial Regex SecretName();

    [GeneratedRegex(@"^[A-Z0-9_]+_(PASSWORD|URI|USERNAME|HOST|PORT)$")]
    private static partial Regex ReferenceExtra();
}
