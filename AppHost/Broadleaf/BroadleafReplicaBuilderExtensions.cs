using AppHost.Infrastructure.Postgres;
using Microsoft.Extensions.Configuration;

namespace AppHost.Broadleaf;

public static class BroadleafReplicaBuilderExtensions
{
    /// <summary>
    /// Adds the development stand-in for Broadleaf's read replica: a database on <paramref name="server"/> seeded with
    /// generated history (size from <c>Broadleaf:Seed</c>). Dependents log in as the read-only reporting role.
    /// </summary>
    public static IResourceBuilder<ServerDatabaseResource> AddBroadleafReplica<TServer>(this IResourceBuilder<TServer> server, [ResourceName] string name)
        where TServer : class, IResourceWithConnectionString
    {
        var builder = server.ApplicationBuilder;
        var options = builder.Configuration.GetSection(BroadleafSeedOptions.SectionName).Get<BroadleafSeedOptions>() ?? new BroadleafSeedOptions();
        var readerPassword = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-reader-password", special: false);
        var login = ReferenceExpression.Create($"Username={BroadleafSeeder.ReaderRole};Password={readerPassword}");

        return server.AddServerDatabase(name, login: login, initialize: async (connectionString, logger, ct) =>
        {
            var password = await readerPassword.GetValueAsync(ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Parameter {readerPassword.Name} has no value.");
            await BroadleafSeeder.SeedAsync(connectionString, options, password, logger, ct).ConfigureAwait(false);
        });
    }
}
