namespace Reporting.Api.Tests;

public sealed class ReportingOptionsTests
{
    [Fact]
    public void TheDefaultsAreValid() => Assert.True(new ReportingOptionsValidator().Validate(null, new ReportingOptions()).Succeeded);

    [Fact]
    public void AnUnknownTimezoneAndAZeroQueryTimeoutAreEachNamed()
    {
        var result = new ReportingOptionsValidator().Validate(null, new ReportingOptions { StoreTimeZone = "Mars/Olympus_Mons", QueryTimeout = TimeSpan.Zero });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("StoreTimeZone", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("QueryTimeout", StringComparison.Ordinal));
    }
}
