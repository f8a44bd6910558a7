using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServiceDefaults.Logging;

namespace ServiceDefaults.Tests;

public sealed partial class RedactionTests
{
    [Fact]
    public void ContactDataIsErasedBeforeAnyLogProviderSeesIt()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.AddJsonConsoleLogging();
        builder.Services.AddFakeLogging();
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILogger<RedactionTests>>();

        LogConfirmationSent(logger, "jane.doe@example.com", "+15551234567", 4711);

        var record = host.Services.GetFakeLogCollector().LatestRecord;
        Assert.DoesNotContain("jane.doe", record.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("5551234567", record.Message, StringComparison.Ordinal);
        Assert.Contains("4711", record.Message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, record.GetStructuredStateValue("email"));
        Assert.Equal(string.Empty, record.GetStructuredStateValue("phone"));
        Assert.Equal("4711", record.GetStructuredStateValue("orderId"));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent the confirmation of order {orderId} to {email} and {phone}")]
    private static partial void LogConfirmationSent(ILogger logger, [ContactData] string email, [ContactData] string phone, long orderId);
}
