namespace Reporting.Api;

public static class ReportingAuthorization
{
    public const string AdminPolicy = "ReportingAdmin";

    /// <summary>
    /// Reports are for authenticated admins (the role claim's name and value come from configuration), read by browsers
    /// only from the admin UI's origins.
    /// </summary>
    public static void AddReportingAuthorization(this IHostApplicationBuilder builder, ReportingOptions options)
    {
        builder.AddRolePolicy(AdminPolicy, options.RoleClaim, options.AdminRole);
        // The admin UI reads reports (and their correlation id) with a bearer token; no cookies, so no credentials mode.
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins(options.AllowedOrigins)
            .WithMethods(HttpMethods.Get)
            .WithHeaders("Authorization", "Accept", "X-Correlation-ID")
            .WithExposedHeaders("X-Correlation-ID", "Retry-After")));
    }
}
