namespace Reporting.Api;

public static class ReportingAuthorization
{
    public const string AdminPolicy = "ReportingAdmin";

    /// <summary>Reports are for authenticated admins: the role claim's name and value come from configuration.</summary>
    public static void AddReportingAuthorization(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ReportingOptions.SectionName).Get<ReportingOptions>() ?? new ReportingOptions();
        builder.AddRolePolicy(AdminPolicy, options.RoleClaim, options.AdminRole);
    }
}
