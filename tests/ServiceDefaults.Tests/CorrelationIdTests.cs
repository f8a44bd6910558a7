using ServiceDefaults.Logging;

namespace ServiceDefaults.Tests;

public sealed class CorrelationIdTests
{
    [Theory]
    [InlineData("admin-ui-7f3a")]
    [InlineData("0b5f3c2e9a4d4e3f8a1b2c3d4e5f6a7b")]
    [InlineData("req_2026.11.25")]
    public void ShortPrintableIdsAreTakenAsGiven(string id) => Assert.Equal(id, CorrelationId.Accept(id));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("forged\nlevel=error")]
    [InlineData("jane@example.com")]
    public void AnythingElseIsReplaced(string? id) => Assert.Null(CorrelationId.Accept(id));

    [Fact]
    public void OverLongIdsAreReplaced() => Assert.Null(CorrelationId.Accept(new string('a', 129)));
}
