using ServiceDefaults.Events;

namespace Search.Api.Events;

/// <summary>Reads a Kafka message value as a <see cref="CatalogEvents.ProductChanged"/> CloudEvent.</summary>
public static class ProductChangedReader
{
    /// <returns>The event, or why it cannot be used (never quoting values).</returns>
    public static (ProductChanged? Event, string? Problem) Read(byte[]? value)
    {
        var (cloudEvent, problem) = StructuredCloudEvents.Decode(value);
        if (cloudEvent is null)
        {
            return (null, problem);
        }

        if (cloudEvent.Type != CatalogEvents.ProductChanged)
        {
            return (null, $"Event type '{cloudEvent.Type}' is not indexed.");
        }

        var (payload, invalid) = StructuredCloudEvents.ReadData(cloudEvent, typeof(ProductChanged));
        return (payload as ProductChanged, invalid);
    }
}
