namespace AppHost.Infrastructure.Postgres;

/// <summary>A PostgreSQL server run from the host's binaries (local mode).</summary>
public sealed class LocalPostgresServerResource(string name, string command, string dataDirectory, ParameterResource password)
    : ExecutableResource(name, command, Path.GetTempPath()), IResourceWithConnectionString
{
    public const string SuperUser = "postgres";

    /// <summary>Created by initdb just before the server starts; a fresh one per run.</summary>
    public string DataDirectory { get; } = dataDirectory;

    public ParameterResource Password { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, "tcp");

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={SuperUser};Password={Password}");
}
