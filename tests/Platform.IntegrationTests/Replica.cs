using Aspire.Hosting.Testing;
using Npgsql;

namespace Platform.IntegrationTests;

/// <summary>Raw reads of the seeded replica, for computing report figures independently of the service's SQL.</summary>
internal static class Replica
{
    /// <summary>A connection as the read-only reporting login the services get.</summary>
    public static async Task<NpgsqlConnection> OpenReplicaAsync(this PlatformFixture platform)
    {
        var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync("broadleaf"));
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A superuser connection to the replica, standing in for Broadleaf's own writes.</summary>
    public static async Task<NpgsqlConnection> OpenReplicaAsOwnerAsync(this PlatformFixture platform)
    {
        var superuser = new NpgsqlConnectionStringBuilder(await platform.App.GetConnectionStringAsync("postgres")) { Database = "broadleaf" };
        var connection = new NpgsqlConnection(superuser.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public static async Task<List<T>> QueryAsync<T>(this NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> map)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>Runs one statement (a change standing in for Broadleaf's own).</summary>
    public static async Task ExecuteAsync(this NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
