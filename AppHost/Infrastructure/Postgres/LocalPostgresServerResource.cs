namespace AppHost.Infrastructure.Postgres;

/// <summary>A PostgreSQL server run from the host's binaries (local mode).</summary>
public sealed class LocalPostgresServerResource(string name, string command, string dataDirectory, ParameterResource password)
    : ExecutableResource(name, command, Path.GetTempPath()), IResourceWithConnectionString
{
    public const string SuperUser = "postgres";

    /// <summary>Created by initdb just before the server starts; a fresh one per run.</summary>
    public string DataDirectory { get; } = dataDirectory;

    public ParameterResource Password { get; } = password;

    /// <summary>
    /// Whether the server says it accepts connections (the status line of <c>postmaster.pid</c> reads <c>ready</c>):
    /// a connection attempt before then is refused and logged as a FATAL line, which is no error of a clean start.
    /// </summary>
    public bool IsAcceptingConnections()
    {
        try
        {
            var lines = File.ReadAllLines(Path.Combine(DataDirectory, "postmaster.pid"));
            return lines.Length >= 8 && lines[7].Trim() == "ready";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public EndpointReference PrimaryEndpoint => new(this, "tcp");

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={SuperUser};Password={Password}");
}
