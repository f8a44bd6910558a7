using Microsoft.Extensions.Logging;
using Npgsql;

namespace AppHost.Infrastructure.Postgres;

public static class ServerDatabaseBuilderExtensions
{
    /// <summary>
    /// Creates <paramref name="databaseName"/> once the server is healthy, then runs <paramref name="initialize"/> with a
    /// superuser connection string to the new database and the database's logger. The database turns healthy when its
    /// own login works, so an initializer that creates the login role last makes dependents wait for all of it.
    /// </summary>
    public static IResourceBuilder<ServerDatabaseResource> AddServerDatabase<TServer>(
        this IResourceBuilder<TServer> server,
        [ResourceName] string name,
        string? databaseName = null,
        ReferenceExpression? login = null,
        Func<string, ILogger, CancellationToken, Task>? initialize = null)
        where TServer : class, IResourceWithConnectionString
    {
        var database = new ServerDatabaseResource(name, databaseName ?? name, server.Resource, login);

        return server.ApplicationBuilder.AddResource(database)
            .WithParentRelationship(server)
            .WaitFor(server)
            .RunInProcess("PostgresDatabase", "Database", async (resource, e, ct) =>
            {
                var superuser = new NpgsqlConnectionStringBuilder(await server.Resource.ConnectionStringExpression.GetValueAsync(ct).ConfigureAwait(false))
                {
                    Pooling = false,
                    Database = "postgres",
                };
                await CreateDatabaseAsync(superuser.ConnectionString, resource.DatabaseName, ct).ConfigureAwait(false);
                if (initialize is not null)
                {
                    superuser.Database = resource.DatabaseName;
                    await initialize(superuser.ConnectionString, e.Logger, ct).ConfigureAwait(false);
                }

                return s => s;
            }, new ResourcePropertySnapshot(CustomResourceKnownProperties.Source, database.DatabaseName))
            .WithPostgresHealthCheck();
    }

    private static async Task CreateDatabaseAsync(string connectionString, string databaseName, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = databaseName } },
        };
        if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is null)
        {
            var quoted = new NpgsqlCommandBuilder().QuoteIdentifier(databaseName);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }
}
