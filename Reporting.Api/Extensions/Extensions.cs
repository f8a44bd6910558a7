using Reporting.Api.Apis;
using Npgsql;
using Reporting.Api.Reports;
using Reporting.Api.Rollups;
using ServiceDefaults.Data;
using ServiceDefaults.OpenApi;

namespace Reporting.Api.Extensions;

public static class Extensions
{
    /// <summary>Reporting's composition root: the Broadleaf read replica (as the read-only login), the sales rollup store, reports, admin policy, errors.</summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var options = builder.AddValidatedOptions<ReportingOptions, ReportingOptionsValidator>(ReportingOptions.SectionName);

        builder.AddNpgsqlDataSource("broadleaf", configureDataSourceBuilder: dataSource => Bound(dataSource, options));
        builder.AddKeyedNpgsqlDataSource(ReportingStore.Name, configureDataSourceBuilder: dataSource =>
        {
            Bound(dataSource, options);
            dataSource.ConnectionStringBuilder.Options = $"-c work_mem={options.StoreWorkMemMegabytes}MB";
        });
        builder.AddReportingAuthorization(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<OrderStatusReport>();
        builder.Services.AddScoped<InventoryReport>();
        builder.Services.AddScoped<DeliveryReport>();
        builder.Services.AddScoped<SalesReport>();
        builder.Services.AddScoped<TopProductsReport>();
        builder.Services.AddScoped<CampaignReport>();
        builder.Services.AddScoped<CustomersReport>();

        builder.Services.AddSingleton<ReportingStoreSync>();
        builder.Services.AddHostedService<ReportingStoreWorker>();
        builder.Services.AddHealthChecks().AddCheck<ReportingStoreHealthCheck>("sales-rollup");

        builder.Services.AddPlatformOpenApi("Commerce Integration Platform: Reporting API",
            "Read-only reports over Broadleaf Commerce's read replica for the admin UI. Every report needs a bearer token with the admin role.",
            "OAuth2 access token with the admin role.");
        builder.Services.AddProblemDetails();
        builder.Services.AddDatabaseUnavailableHandler("The reporting database is unavailable.", options.RetryAfter);
    }

    /// <summary>A database outage answers fast (connect timeout) and no query runs unbounded.</summary>
    private static void Bound(NpgsqlDataSourceBuilder dataSource, ReportingOptions options)
    {
        dataSource.ConnectionStringBuilder.Timeout = options.ConnectTimeout.WholeSeconds();
        dataSource.ConnectionStringBuilder.CommandTimeout = options.QueryTimeout.WholeSeconds();
    }
}
