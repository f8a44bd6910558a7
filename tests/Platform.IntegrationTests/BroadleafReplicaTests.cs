using AppHost.Broadleaf;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Platform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class BroadleafReplicaTests(PlatformFixture platform)
{
    /// <summary>What the generator says it wrote for the options the AppHost seeded with.</summary>
    private BroadleafSeedSummary Expected()
    {
        var configuration = platform.App.Services.GetRequiredService<IConfiguration>();
        var options = configuration.GetSection(BroadleafSeedOptions.SectionName).Get<BroadleafSeedOptions>() ?? new BroadleafSeedOptions();
        return new BroadleafSeedGenerator(options).Generate(new DiscardingSink());
    }

    [Fact]
    public async Task TheReplicaHoldsTheGeneratedOrdersPerStatus()
    {
        await using var connection = await platform.OpenReplicaAsync();
        await using var command = new NpgsqlCommand("SELECT order_status, count(*)::int FROM blc_order GROUP BY order_status", connection);
        var actual = new Dictionary<string, int>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                actual[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        var expected = Expected().OrdersPerStatus;
        Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(a => a.Key));
        Assert.True(expected["SUBMITTED"] > 1_000);
    }

    [Fact]
    public async Task EveryTableHoldsTheGeneratedRowCount()
    {
        await using var connection = await platform.OpenReplicaAsync();
        foreach (var (table, rows) in Expected().RowsPerTable)
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
            Assert.Equal(rows, (long)(await command.ExecuteScalarAsync())!);
        }
    }

    [Fact]
    public async Task SeedingAgainKeepsTheRowsAndTheLogin()
    {
        var superuser = new NpgsqlConnectionStringBuilder(await platform.App.GetConnectionStringAsync("postgres")) { Database = "broadleaf" };
        var readerPassword = new NpgsqlConnectionStringBuilder(await platform.App.GetConnectionStringAsync("broadleaf")).Password!;
        var options = platform.App.Services.GetRequiredService<IConfiguration>().GetSection(BroadleafSeedOptions.SectionName).Get<BroadleafSeedOptions>()
            ?? new BroadleafSeedOptions();

        await BroadleafSeeder.SeedAsync(superuser.ConnectionString, options, readerPassword, NullLogger.Instance, CancellationToken.None);

        await using var connection = await platform.OpenReplicaAsync();
        await using var command = new NpgsqlCommand("SELECT count(*)::int FROM blc_order", connection);
        Assert.Equal(options.Orders, (int)(await command.ExecuteScalarAsync())!);
    }

    [Theory]
    [InlineData("INSERT INTO blc_currency (currency_code, friendly_name, default_flag) VALUES ('XTS', 'Test', false)")]
    [InlineData("UPDATE blc_order SET order_status = 'CANCELLED' WHERE order_id = 1")]
    [InlineData("DELETE FROM blc_offer_audit")]
    [InlineData("CREATE TABLE report_cache (id int)")]
    public async Task TheReportingLoginCannotWriteEvenWhenItAsksForAReadWriteTransaction(string write)
    {
        await using var connection = await platform.OpenReplicaAsync();
        var readOnlyDefault = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(write));
        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, readOnlyDefault.SqlState);

        await connection.ExecuteAsync("SET default_transaction_read_only = off");
        var noPrivilege = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(write));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, noPrivilege.SqlState);
    }

    [Fact]
    public async Task TheServicesConnectionStringLogsInAsTheReadOnlyRole()
    {
        await using var connection = await platform.OpenReplicaAsync();
        await using var command = new NpgsqlCommand("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(BroadleafSeeder.ReaderRole, reader.GetString(0));
        Assert.False(reader.GetBoolean(1));
    }

    private sealed class DiscardingSink : IBroadleafRowSink
    {
        public void Write(BroadleafTable table, params object?[] values)
        {
        }
    }
}
