namespace Search.Api;

public static class SearchAuthorization
{
    /// <summary>Searching: the storefront's token carries the search scope.</summary>
    public const string SearchPolicy = "Search";

    /// <summary>Operating the index: the admin role.</summary>
    public const string AdminPolicy = "SearchAdmin";

    public static void AddSearchAuthorization(this IHostApplicationBuilder builder, SearchOptions options)
    {
        builder.AddScopePolicy(SearchPolicy, options.ScopeClaim, options.Scope);
        builder.AddRolePolicy(AdminPolicy, options.RoleClaim, options.AdminRole);
    }
}
