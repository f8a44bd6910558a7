using Npgsql;

namespace Notifications.Worker.Devices;

/// <summary>
/// The customers' push devices in the worker's own database, one row per FCM registration token: registering a token
/// again refreshes it (and moves it to whoever signed in on that device last).
/// </summary>
public sealed class DeviceRegistry(NpgsqlDataSource database)
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS push_device (
            device_id text PRIMARY KEY,
            token text NOT NULL,
            customer_id bigint NOT NULL,
            platform text NOT NULL,
            locale text NOT NULL,
            last_seen timestamptz NOT NULL
        );
        CREATE INDEX IF NOT EXISTS push_device_customer ON push_device (customer_id);
        """;

    private readonly SemaphoreSlim _schema = new(1, 1);
    private bool _schemaEnsured;

    public async Task RegisterAsync(PushDevice device, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        await using var command = database.CreateCommand("""
            INSERT INTO push_device (device_id, token, customer_id, platform, locale, last_seen) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (device_id) DO UPDATE SET
                customer_id = EXCLUDED.customer_id, platform = EXCLUDED.platform, locale = EXCLUDED.locale, last_seen = EXCLUDED.last_seen
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = device.DeviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = device.Token });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = device.CustomerId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name(device.Platform) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = device.Locale });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = device.LastSeen });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<List<PushDevice>> ListAsync(long customerId, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        await using var command = database.CreateCommand(
            "SELECT customer_id, token, platform, locale, last_seen FROM push_device WHERE customer_id = $1 ORDER BY last_seen DESC, device_id");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = customerId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var devices = new List<PushDevice>();
        while (await reader.ReadAsync(ct))
        {
            devices.Add(new PushDevice(reader.GetInt64(0), reader.GetString(1), Enum.Parse<DevicePlatform>(reader.GetString(2), ignoreCase: true),
                reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return devices;
    }

    /// <returns>False when no such device was registered.</returns>
    public async Task<bool> RemoveAsync(string deviceId, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        await using var command = database.CreateCommand("DELETE FROM push_device WHERE device_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = deviceId });
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    public static string Name(DevicePlatform platform) => platform.ToString().ToLowerInvariant();

    /// <summary>Once per process; a failure (the database away) is tried again by the next call.</summary>
    private async Task EnsureSchemaAsync(CancellationToken ct)
    {
        if (_schemaEnsured)
        {
            return;
        }

        await _schema.WaitAsync(ct);
        try
        {
            if (!_schemaEnsured)
            {
                await using var command = database.CreateCommand(Schema);
                await command.ExecuteNonQueryAsync(ct);
                _schemaEnsured = true;
            }
        }
        finally
        {
            _schema.Release();
        }
    }
}
