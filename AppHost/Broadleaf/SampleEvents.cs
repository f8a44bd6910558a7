using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Npgsql;

namespace AppHost.Broadleaf;

/// <summary>What a sample-event command published: no contact data, only where it went and what it is about.</summary>
public sealed record SampleEventResult(string EventId, string Type, string Topic, int Partition, long Offset, string Key);

/// <summary>
/// Sample commerce events, as Broadleaf's services publish them (docs/notifications.asyncapi.json and
/// docs/catalog.asyncapi.json): a CloudEvents 1.0 envelope in structured mode, keyed by order, customer or product, about
/// a random seeded order, customer or product of the replica. Each has a new event id, so each click is a new event.
/// </summary>
public sealed class SampleEvents(string bootstrapServers, string replica)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The samples a developer can send: command name, label, and how each is made.</summary>
    public static readonly IReadOnlyList<(string Command, string Label)> Kinds =
    [
        ("sample-order-created", "Send a sample OrderCreated"),
        ("sample-order-shipped", "Send a sample OrderShipped"),
        ("sample-password-reset", "Send a sample PasswordResetRequested"),
        ("sample-product-changed", "Send a sample product change"),
    ];

    public async Task<SampleEventResult> PublishAsync(string command, CancellationToken ct)
    {
        await using var db = NpgsqlDataSource.Create(replica);
        var (type, topic, key, data) = command switch
        {
            "sample-order-created" => await OrderAsync(db, "commerce.order.created.v1", ct),
            "sample-order-shipped" => await OrderAsync(db, "commerce.order.shipped.v1", ct),
            "sample-password-reset" => await PasswordResetAsync(db, ct),
            "sample-product-changed" => await ProductAsync(db, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Not a sample event."),
        };

        var id = Guid.NewGuid().ToString();
        var envelope = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = id,
            ["type"] = type,
            ["source"] = topic == "catalog.products" ? "/broadleaf/catalog-service" : "/broadleaf/order-service",
            ["time"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["datacontenttype"] = "application/json",
            ["data"] = data,
        };
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            MessageTimeoutMs = (int)Timeout.TotalMilliseconds,
        }).Build();
        var delivered = await producer.ProduceAsync(topic, new Message<string, byte[]>
        {
            Key = key,
            Value = Encoding.UTF8.GetBytes(envelope.ToJsonString()),
            Headers = [new Header("content-type", "application/cloudevents+json; charset=utf-8"u8.ToArray())],
        }, ct);
        return new SampleEventResult(id, type, topic, delivered.Partition.Value, delivered.Offset.Value, key);
    }

    /// <summary>A random checked-out order with its customer and lines.</summary>
    private static async Task<(string, string, string, JsonObject)> OrderAsync(NpgsqlDataSource db, string type, CancellationToken ct)
    {
        const string Sql = """
            SELECT o.order_id, o.order_number, o.currency_code, o.order_subtotal, o.total_tax, o.total_shipping, o.order_total, o.submit_date,
                   c.customer_id, c.email_address, c.first_name, c.last_name, c.locale_code
            FROM blc_order o JOIN blc_customer c ON c.customer_id = o.customer_id
            WHERE o.submit_date IS NOT NULL AND c.email_address IS NOT NULL
            ORDER BY random() LIMIT 1
            """;
        await using var command = db.CreateCommand(Sql);
        command.CommandTimeout = (int)Timeout.TotalSeconds;
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new InvalidOperationException("The replica has no checked-out order to make a sample of.");
        }

        var orderId = reader.GetInt64(0);
        var customer = Customer(reader, 8);
        var orderNumber = reader.IsDBNull(1) ? orderId.ToString(CultureInfo.InvariantCulture) : reader.GetString(1);
        JsonObject data = type == "commerce.order.created.v1"
            ? new()
            {
                ["orderId"] = orderId,
                ["orderNumber"] = orderNumber,
                ["customer"] = customer,
                ["currency"] = reader.IsDBNull(2) ? "USD" : reader.GetString(2),
                ["subtotal"] = reader.GetDecimal(3),
                ["tax"] = reader.GetDecimal(4),
                ["shipping"] = reader.GetDecimal(5),
                ["total"] = reader.GetDecimal(6),
                ["submittedAt"] = DateTime.SpecifyKind(reader.GetDateTime(7), DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture),
            }
            : new()
            {
                ["orderId"] = orderId,
                ["orderNumber"] = orderNumber,
                ["customer"] = customer,
                ["carrier"] = "UPS",
                ["trackingNumber"] = $"1Z{orderId:D12}",
                ["trackingUrl"] = $"https://tracking.example.com/1Z{orderId:D12}",
                ["shippedAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            };
        await reader.DisposeAsync();

        if (type == "commerce.order.created.v1")
        {
            data["lines"] = await LinesAsync(db, orderId, ct);
        }

        return (type, "commerce.orders", orderId.ToString(CultureInfo.InvariantCulture), data);
    }

    private static async Task<JsonArray> LinesAsync(NpgsqlDataSource db, long orderId, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            SELECT coalesce(d.sku_id::text, ''), coalesce(i.name, ''), i.quantity, i.price
            FROM blc_order_item i LEFT JOIN blc_discrete_order_item d ON d.order_item_id = i.order_item_id
            WHERE i.order_id = $1 ORDER BY i.order_item_id
            """);
        command.CommandTimeout = (int)Timeout.TotalSeconds;
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = orderId });
        var lines = new JsonArray();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            lines.Add(new JsonObject
            {
                ["sku"] = reader.GetString(0),
                ["name"] = reader.GetString(1),
                ["quantity"] = reader.GetInt32(2),
                ["unitPrice"] = reader.IsDBNull(3) ? 0m : reader.GetDecimal(3),
            });
        }

        return lines;
    }

    private static async Task<(string, string, string, JsonObject)> PasswordResetAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            SELECT customer_id, email_address, first_name, last_name, locale_code FROM blc_customer
            WHERE email_address IS NOT NULL ORDER BY random() LIMIT 1
            """);
        command.CommandTimeout = (int)Timeout.TotalSeconds;
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new InvalidOperationException("The replica has no customer to make a sample of.");
        }

        var customer = Customer(reader, 0);
        return ("commerce.customer.password-reset-requested.v1", "commerce.customers", reader.GetInt64(0).ToString(CultureInfo.InvariantCulture), new JsonObject
        {
            ["customer"] = customer,
            ["resetUrl"] = $"https://shop.example.com/reset?token={Guid.NewGuid():N}",
            ["expiresAt"] = DateTimeOffset.UtcNow.AddHours(1).ToString("O", CultureInfo.InvariantCulture),
        });
    }

    private static async Task<(string, string, string, JsonObject)> ProductAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT product_id FROM blc_product ORDER BY random() LIMIT 1");
        command.CommandTimeout = (int)Timeout.TotalSeconds;
        var productId = await command.ExecuteScalarAsync(ct) as long? ?? throw new InvalidOperationException("The replica has no product to make a sample of.");
        return ("catalog.product.changed.v1", "catalog.products", productId.ToString(CultureInfo.InvariantCulture), new JsonObject
        {
            ["productId"] = productId,
            ["changedAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        });
    }

    /// <summary>
    /// The customer from the columns at <paramref name="at"/> (id, email, first and last name, locale). Broadleaf keeps
    /// phones and app installations elsewhere, which the seed leaves empty: the sample adds a phone and a push device
    /// made from the customer id, so that every channel of the event's route sends.
    /// </summary>
    private static JsonObject Customer(NpgsqlDataReader reader, int at)
    {
        var id = reader.GetInt64(at);
        return new JsonObject
        {
            ["customerId"] = id,
            ["email"] = reader.GetString(at + 1),
            ["phone"] = $"+1555{id % 10_000_000:D7}",
            ["firstName"] = reader.IsDBNull(at + 2) ? "Customer" : reader.GetString(at + 2),
            ["lastName"] = reader.IsDBNull(at + 3) ? null : reader.GetString(at + 3),
            ["locale"] = reader.IsDBNull(at + 4) ? "en" : reader.GetString(at + 4).Replace('_', '-'),
            ["devices"] = new JsonArray(new JsonObject { ["token"] = $"sample-device-{id}", ["platform"] = "android", ["locale"] = "en" }),
        };
    }
}
