using System.Diagnostics;

namespace Platform.IntegrationTests;

/// <summary>The admin console's own unit tests (Vitest: formatting per currency and locale, percent change, URL state, API errors), run by the README's test command.</summary>
public sealed class AdminUiComponentTests
{
    [Fact]
    public async Task TheConsolesVitestSuitePasses()
    {
        using var npm = Process.Start(new ProcessStartInfo("npm", ["test", "--", "--reporter=verbose"])
        {
            WorkingDirectory = Path.Combine(RepositoryRoot.Path, "AdminUi", "ClientApp"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["NO_COLOR"] = "1" },
        })!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var output = npm.StandardOutput.ReadToEndAsync(deadline.Token);
        var errors = npm.StandardError.ReadToEndAsync(deadline.Token);
        await npm.WaitForExitAsync(deadline.Token);

        Assert.True(npm.ExitCode == 0, $"{await output}\n{await errors}");
        Assert.Matches(@"Tests\s+\d+ passed", await output);
    }
}
