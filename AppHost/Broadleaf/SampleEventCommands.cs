using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AppHost.Broadleaf;

public static class SampleEventCommands
{
    /// <summary>
    /// In run mode, dashboard commands on <paramref name="kafka"/> that publish one sample event each (<see cref="SampleEvents"/>)
    /// about the seeded <paramref name="broadleaf"/> replica: its email, SMS and push then show on the <c>aws</c> and
    /// <c>fcm</c> resources' messages pages, a product change in the search index. Enabled once Kafka is healthy.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> WithSampleEventCommands(
        this IResourceBuilder<IResourceWithConnectionString> kafka, IResourceBuilder<IResourceWithConnectionString> broadleaf)
    {
        if (!kafka.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return kafka;
        }

        foreach (var (command, label) in SampleEvents.Kinds)
        {
            kafka.WithCommand(command, label, async context =>
            {
                var samples = new SampleEvents((await kafka.Resource.ConnectionStringExpression.GetValueAsync(context.CancellationToken).ConfigureAwait(false))!,
                    (await broadleaf.Resource.ConnectionStringExpression.GetValueAsync(context.CancellationToken).ConfigureAwait(false))!);
                var published = await samples.PublishAsync(command, context.CancellationToken).ConfigureAwait(false);
                return CommandResults.Success($"{published.Type} {published.EventId} published to {published.Topic} (partition {published.Partition}, offset {published.Offset})",
                    JsonSerializer.Serialize(published, JsonSerializerOptions.Web), CommandResultFormat.Json);
            }, new CommandOptions
            {
                Description = "Publishes a sample event about a random seeded order, customer or product, as Broadleaf would.",
                IconName = "Send",
                UpdateState = state => state.ResourceSnapshot.HealthStatus == HealthStatus.Healthy ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
            });
        }

        return kafka;
    }
}
