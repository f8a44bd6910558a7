using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AppHost.Broadleaf;

/// <summary>Creates the Broadleaf tables, loads the generated history and creates Reporting's read-only login, in that order.</summary>
public static class BroadleafSeeder
{
    public const string ReaderRole = "reporting_reader";

    /// <summary>Seeds an empty database; one seeded earlier (a persistent container) keeps its rows and gets the login again.</summary>
    public static async Task SeedAsync(string superuserConnectionString, BroadleafSeedOptions options,
        string readerPassword, ILogger logger, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(superuserConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);

        if (await IsSeededAsync(connection, ct).ConfigureAwait(false))
        {
            logger.LogInformation("Broadleaf is already seeded: keeping its rows");
        }
        else
        {
            var stopwatch = Stopwatch.StartNew();
            await ExecuteAsync(connection, await ReadScriptAsync("001-broadleaf-tables.sql", ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            BroadleafSeedSummary summary;
            await using (var sink = new CopyRowSink(superuserConnectionString))
            {
                summary = new BroadleafSeedGenerator(options).Generate(sink);
            }

            await ExecuteAsync(connection, "ANALYZE", ct).ConfigureAwait(false);
            logger.LogInformation("Seeded Broadleaf with {Orders} orders ({Rows} rows, seed {Seed}) in {Elapsed} ms",
                options.Orders, summary.RowsPerTable.Values.Sum(), options.Seed, stopwatch.ElapsedMilliseconds);
        }

        var reader = (await ReadScriptAsync("002-reporting-reader.sql", ct).ConfigureAwait(false))
            .Replace("{role}", ReaderRole, StringComparison.Ordinal)
            .Replace("{password}", readerPassword.Replace("'", "''", StringComparison.Ordinal), StringComparison.Ordinal);
        await ExecuteAsync(connection, reader, ct).ConfigureAwait(false);
    }

    /// <summary>The sequence table's COPY is the last to commit (the generator writes it last), so its rows mean a completed load.</summary>
    private static async Task<bool> IsSeededAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass('sequence_generator') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(ct).ConfigureAwait(false))!)
        {
            return false;
        }

        await using var loaded = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM sequence_generator)", connection);
        return (bool)(await loaded.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    private static async Task<string> ReadScriptAsync(string script, CancellationToken ct)
    {
        await using var stream = typeof(BroadleafSeeder).Assembly.GetManifestResourceStream($"AppHost.Broadleaf.Schema.{script}")
            ?? throw new InvalidOperationException($"The seed script {script} is not embedded.");
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(ct).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
