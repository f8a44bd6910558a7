using Npgsql;

namespace Notifications.Worker.Delivery;

/// <summary>How an event's channel (for push: one device) ended, a <see cref="DeliveryStatus"/>.</summary>
public sealed record DeliveryRecord(
    string EventId, DeliveryTarget Target, string EventType, string Status, int Attempts, string? ProviderMessageId,
    DateTimeOffset? FirstFailure, DateTimeOffset? LastFailure);

/// <summary>
/// One row per (event id, channel, device) in the worker's own database: what makes a redelivered or duplicated event send
/// nothing already sent, and keeps channels and devices independent (replaying a failed SMS never resends its email, nor a
/// push to a device that got it). Reads and writes of concurrent events share round trips
/// (<see cref="BatchingQueue{TItem, TResult}"/>).
/// </summary>
public sealed class DeliveryLedger : IAsyncDisposable
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS notification_delivery (
            event_id text NOT NULL,
            channel text NOT NULL,
            device_id text NOT NULL DEFAULT '',
            event_type text NOT NULL,
            status text NOT NULL,
            attempts integer NOT NULL,
            provider_message_id text,
            first_failure timestamptz,
            last_failure timestamptz,
            completed_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (event_id, channel, device_id)
        );
        -- A ledger from before push had one row per (event, channel): widen its key in place.
        ALTER TABLE notification_delivery ADD COLUMN IF NOT EXISTS device_id text NOT NULL DEFAULT '';
        DO $$
        BEGIN
            IF NOT EXISTS (
                SELECT 1 FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
                WHERE c.conrelid = 'notification_delivery'::regclass AND c.contype = 'p' AND a.attname = 'device_id') THEN
                ALTER TABLE notification_delivery DROP CONSTRAINT notification_delivery_pkey, ADD PRIMARY KEY (event_id, channel, device_id);
            END IF;
        END $$;
        """;

    private const int MaxBatch = 500;
    private readonly NpgsqlDataSource _database;
    private readonly BatchingQueue<string, Dictionary<DeliveryTarget, string>> _reads;
    private readonly BatchingQueue<DeliveryRecord, bool> _writes;

    public DeliveryLedger(NpgsqlDataSource database)
    {
        _database = database;
        _reads = new(FindAllAsync, MaxBatch);
        _writes = new(RecordAllAsync, MaxBatch);
    }

    public async Task EnsureSchemaAsync(CancellationToken ct)
    {
        await using var command = _database.CreateCommand(Schema);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The final status of each target of the event that has one.</summary>
    public Task<Dictionary<DeliveryTarget, string>> FindStatusesAsync(string eventId, CancellationToken ct) => _reads.EnqueueAsync(eventId, ct);

    /// <summary>Records the final state; a later one (a replay that got through) replaces an earlier dead letter.</summary>
    public Task RecordAsync(DeliveryRecord record, CancellationToken ct) => _writes.EnqueueAsync(record, ct);

    public static string Name(NotificationChannel channel) => channel.ToString().ToLowerInvariant();

    private async Task<IReadOnlyList<Dictionary<DeliveryTarget, string>>> FindAllAsync(IReadOnlyList<string> eventIds, CancellationToken ct)
    {
        await using var command = _database.CreateCommand("SELECT event_id, channel, device_id, status FROM notification_delivery WHERE event_id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = eventIds.Distinct().ToArray() });
        var found = new Dictionary<string, Dictionary<DeliveryTarget, string>>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var statuses = found.TryGetValue(reader.GetString(0), out var s) ? s : found[reader.GetString(0)] = [];
                statuses[new DeliveryTarget(Enum.Parse<NotificationChannel>(reader.GetString(1), ignoreCase: true), reader.GetString(2))] = reader.GetString(3);
            }
        }

        return eventIds.Select(id => found.GetValueOrDefault(id) ?? []).ToList();
    }

    private async Task<IReadOnlyList<bool>> RecordAllAsync(IReadOnlyList<DeliveryRecord> records, CancellationToken ct)
    {
        // One row per key in a statement (ON CONFLICT may not touch a row twice): the latest record of a key wins.
        var rows = records.GroupBy(r => (r.EventId, r.Target)).Select(g => g.Last()).ToList();
        await using var command = _database.CreateCommand("""
            INSERT INTO notification_delivery (event_id, channel, device_id, event_type, status, attempts, provider_message_id, first_failure, last_failure)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::text[], $8::timestamptz[], $9::timestamptz[])
            ON CONFLICT (event_id, channel, device_id) DO UPDATE SET
                status = EXCLUDED.status, attempts = EXCLUDED.attempts, provider_message_id = EXCLUDED.provider_message_id,
                first_failure = EXCLUDED.first_failure, last_failure = EXCLUDED.last_failure, completed_at = now()
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = rows.Select(r => r.EventId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = rows.Select(r => r.Target.ChannelName).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = rows.Select(r => r.Target.DeviceId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = rows.Select(r => r.EventType).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = rows.Select(r => r.Status).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = rows.Select(r => r.Attempts).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = rows.Select(r => r.ProviderMessageId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?[]> { TypedValue = rows.Select(r => r.FirstFailure).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?[]> { TypedValue = rows.Select(r => r.LastFailure).ToArray() });
        await command.ExecuteNonQueryAsync(ct);
        return records.Select(_ => true).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await _reads.DisposeAsync();
        await _writes.DisposeAsync();
    }
}
