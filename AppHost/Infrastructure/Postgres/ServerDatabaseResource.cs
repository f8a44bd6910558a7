namespace AppHost.Infrastructure.Postgres;

/// <summary>
/// A database the AppHost creates on a PostgreSQL server it runs, in either infrastructure mode.
/// With a <paramref name="login"/> (<c>Username=...;Password=...</c>) dependents connect as that role, not as the superuser.
/// </summary>
public sealed class ServerDatabaseResource(string name, string databaseName, IResourceWithConnectionString server, ReferenceExpression? login)
    : Resource(name), IResourceWithConnectionString, IResourceWithWaitSupport
{
    public string DatabaseName { get; } = databaseName;

    public IResourceWithConnectionString Server { get; } = server;

    public ReferenceExpression ConnectionStringExpression => login is null
        ? ReferenceExpression.Create($"{Server};Database={DatabaseName}")
        : ReferenceExpression.Create($"{Server};{login};Database={DatabaseName}");
}
