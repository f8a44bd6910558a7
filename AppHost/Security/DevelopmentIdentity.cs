namespace AppHost.Security;

/// <summary>A client of the development identity provider; <see cref="Secret"/> is null for a public client (PKCE).</summary>
/// <param name="Roles">The roles its client-credentials tokens carry.</param>
/// <param name="Scopes">The scopes it may ask for.</param>
public sealed record DevelopmentClient(string ClientId, string? Secret, string DisplayName, string[] Roles, string[] Scopes);

/// <summary>A test user who signs in to the admin UI with one click.</summary>
public sealed record DevelopmentUser(string Name, string DisplayName, string[] Roles);

/// <summary>
/// Who the development identity provider knows: the clients, the test users and what each scope grants. Scopes named
/// after a service give a token for that service (its audience); <c>search</c> and <c>devices</c> are the storefront's
/// scopes, each for its service too.
/// </summary>
public static class DevelopmentIdentity
{
    public const string RoleClaim = "roles";
    public const string AdminRole = "admin";

    public static readonly IReadOnlyDictionary<string, string> AudienceOfScope = new Dictionary<string, string>
    {
        ["reporting-api"] = "reporting-api",
        ["search-api"] = "search-api",
        ["notifications-worker"] = "notifications-worker",
        ["search"] = "search-api",
        ["devices"] = "notifications-worker",
    };

    /// <summary>The developer's and tools' client: the admin role, every scope.</summary>
    public static readonly DevelopmentClient Tools = new("platform-tools", "platform-tools-secret", "Platform tools", [AdminRole], [.. AudienceOfScope.Keys]);

    /// <summary>The storefront's backend: searches and registers devices, no admin role.</summary>
    public static readonly DevelopmentClient Storefront = new("storefront", "storefront-secret", "Storefront", [], ["search", "devices"]);

    /// <summary>The admin UI: a public client signing users in with the authorization code flow and PKCE.</summary>
    public static readonly DevelopmentClient AdminUi = new("admin-ui", null, "Admin UI", [], ["reporting-api", "search-api", "notifications-worker"]);

    public static readonly DevelopmentClient[] Clients = [Tools, Storefront, AdminUi];

    public static readonly DevelopmentUser[] Users =
    [
        new("admin", "Ada Admin", [AdminRole]),
        new("viewer", "Victor Viewer", []),
    ];
}
