namespace Reporting.Api.Extensions;

public static class Extensions
{
    /// <summary>Reporting's composition root: the Broadleaf read replica, as the read-only reporting login.</summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("broadleaf");
    }
}
