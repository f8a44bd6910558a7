using Npgsql;

namespace Notifications.Worker.Delivery;

/// <summary>How an event's channel ended: <c>sent</c>, <c>dead-lettered</c>, or <c>skipped</c> (nothing to send it to).</summary>
public sealed record DeliveryRecord(
    string EventId, NotificationChannel Channel, string EventType, string Status, int Attempts, string? ProviderMessageId,
    DateTimeOffset? FirstFailure, DateTimeOffset? LastFailure);

/// <summary>
/// One row per (event id, channel) in the worker's own database: what makes a redelivered or duplicated event send
/// nothing already sent, and keeps channels independent (replaying a failed SMS never resends its email).
/// </summary>
public sealed class DeliveryLedger(NpgsqlDataSource database)
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS notification_delivery (
            event_id text NOT NULL,
            channel text NOT NULL,
            event_type text NOT NULL,
            status text NOT NULL,
            attempts integer NOT NULL,
            provider_message_id text,
            first_failure timestamptz,
            last_failure timestamptz,
            completed_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (event_id, channel)
        );
        """;

    public async Task EnsureSchemaAsync(CancellationToken ct)
    {
        await using var command = database.CreateCommand(Schema);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The final status of each channel of the event that has one.</summary>
    public async Task<Dictionary<NotificationChannel, string>> FindStatusesAsync(string eventId, CancellationToken ct)
    {
        await using var command = database.CreateCommand("SELECT channel, status FROM notification_delivery WHERE event_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = eventId });
        var statuses = new Dictionary<NotificationChannel, string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            statuses[Enum.Parse<NotificationChannel>(reader.GetString(0), ignoreCase: true)] = reader.GetString(1);
        }

        return statuses;
    }

    /// <summary>Records the final state; a later one (a replay that got through) replaces an earlier dead letter.</summary>
    public async Task RecordAsync(DeliveryRecord record, CancellationToken ct)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO notification_delivery (event_id, channel, event_type, status, attempts, provider_message_id, first_failure, last_failure)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (event_id, channel) DO UPDATE SET
                status = EXCLUDED.status, attempts = EXCLUDED.attempts, provider_message_id = EXCLUDED.provider_message_id,
                first_failure = EXCLUDED.first_failure, last_failure = EXCLUDED.last_failure, completed_at = now()
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.EventId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name(record.Channel) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.EventType });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.Status });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = record.Attempts });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = record.ProviderMessageId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = record.FirstFailure });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = record.LastFailure });
        await command.ExecuteNonQueryAsync(ct);
    }

    public static string Name(NotificationChannel channel) => channel.ToString().ToLowerInvariant();
}
