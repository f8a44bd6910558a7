using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AppHost.Broadleaf;

/// <summary>Creates the Broadleaf tables, loads the generated history and creates Reporting's read-only login, in that order.</summary>
public static class BroadleafSeeder
{
    public const string ReaderRole = "reporting_reader";

    public static async Task<BroadleafSeedSummary> SeedAsync(string superuserConnectionString, BroadleafSeedOptions options,
        string readerPassword, ILogger logger, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        await ExecuteScriptAsync(superuserConnectionString, "001-broadleaf-tables.sql", ct).ConfigureAwait(false);

        BroadleafSeedSummary summary;
        await using (var sink = new CopyRowSink(superuserConnectionString))
        {
            summary = new BroadleafSeedGenerator(options).Generate(sink);
        }

        await ExecuteScriptAsync(superuserConnectionString, "002-reporting-reader.sql", ct,
            sql => sql.Replace("{role}", ReaderRole, StringComparison.Ordinal)
                      .Replace("{password}", readerPassword.Replace("'", "''", StringComparison.Ordinal), StringComparison.Ordinal))
            .ConfigureAwait(false);

        logger.LogInformation("Seeded Broadleaf with {Orders} orders ({Rows} rows, seed {Seed}) in {Elapsed} ms",
            options.Orders, summary.RowsPerTable.Values.Sum(), options.Seed, stopwatch.ElapsedMilliseconds);
        return summary;
    }

    private static async Task ExecuteScriptAsync(string connectionString, string script, CancellationToken ct, Func<string, string>? fill = null)
    {
        await using var stream = typeof(BroadleafSeeder).Assembly.GetManifestResourceStream($"AppHost.Broadleaf.Schema.{script}")
            ?? throw new InvalidOperationException($"The seed script {script} is not embedded.");
        using var reader = new StreamReader(stream);
        var sql = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(fill is null ? sql : fill(sql), connection);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
