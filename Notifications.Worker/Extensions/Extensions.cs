using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Notifications.Worker.Apis;
using Notifications.Worker.Consuming;
using Notifications.Worker.Delivery;
using Notifications.Worker.Devices;
using Notifications.Worker.Providers;
using Notifications.Worker.Templates;
using ServiceDefaults.Data;
using ServiceDefaults.Kafka;
using ServiceDefaults.OpenApi;

namespace Notifications.Worker.Extensions;

public static class Extensions
{
    public const string ConsumerGroup = "notifications-worker";

    /// <summary>
    /// The worker's composition root: its ledger database, the commerce event consumer and the dead-letter producer,
    /// templates, the SES and SNS clients (SigV4 with the AWS credential chain; the emulator's URL as
    /// <c>ConnectionStrings:aws</c> in development, AWS's regional endpoints otherwise), and the FCM client.
    /// </summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var options = builder.AddValidatedOptions<NotificationsOptions, NotificationsOptionsValidator>(NotificationsOptions.SectionName,
            complete: o => o.RetrySchedule = o.RetrySchedule is [] ? NotificationsOptions.DefaultRetrySchedule : o.RetrySchedule);

        builder.AddNpgsqlDataSource("notifications");
        builder.AddKafkaConsumer("kafka", ConsumerGroup);
        builder.AddKafkaProducer("kafka");

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TemplateLibrary>();
        builder.Services.AddSingleton<DeliveryLedger>();
        builder.Services.AddSingleton<DeadLetterPublisher>();
        builder.Services.AddSingleton<NotificationMetrics>();
        builder.Services.AddSingleton<ProviderGuards>();
        builder.Services.AddHealthChecks().AddCheck<ProviderHealthCheck>("providers");
        builder.Services.AddSingleton<NotificationProcessor>();
        builder.Services.AddSingleton<DeadLetterArchive>();
        builder.Services.AddPlatformOpenApi("Commerce Integration Platform: Notifications worker API",
            "The worker's HTTP API: its dead letters (list, replay), for operators with the admin role, and customers' push devices, for the storefront with the devices scope.",
            "OAuth2 access token: the admin role for dead letters, the devices scope for devices.");
        builder.Services.AddProblemDetails();
        builder.Services.AddDatabaseUnavailableHandler("The notifications database is unavailable.", TimeSpan.FromSeconds(5));
        builder.AddRolePolicy(DeadLettersApi.AdminPolicy, options.RoleClaim, options.AdminRole);
        builder.AddScopePolicy(DevicesApi.DevicePolicy, options.ScopeClaim, options.DeviceScope);
        builder.Services.AddSingleton<DeviceRegistry>();
        builder.Services.AddHostedService<CommerceEventConsumer>();
        builder.AddAwsClients(options);
        builder.AddFcmClient(options);
    }

    private static void AddAwsClients(this IHostApplicationBuilder builder, NotificationsOptions options)
    {
        var aws = builder.Configuration.GetAWSOptions();
        var region = aws.Region ?? FallbackRegionFactory.GetRegionEndpoint()
            ?? throw new InvalidOperationException("No AWS region: set AWS_REGION or AWS:Region.");
        var credentials = aws.Credentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials();
        var emulator = builder.Configuration.GetConnectionString("aws");

        // Retries, rate and breaker are the worker's own (ProviderGuard): no resilience handler may retry behind its back.
        // RemoveAllResilienceHandlers is marked experimental, and is the documented way to opt a client out.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient<SesEmailClient>(http => Configure(http, emulator ?? $"https://email.{region.SystemName}.amazonaws.com", options))
            .RemoveAllResilienceHandlers()
            .AddHttpMessageHandler(() => new AwsSigningHandler(credentials, region, SesEmailClient.Service));
        builder.Services.AddHttpClient<SnsSmsClient>(http => Configure(http, emulator ?? $"https://sns.{region.SystemName}.amazonaws.com", options))
            .RemoveAllResilienceHandlers()
            .AddHttpMessageHandler(() => new AwsSigningHandler(credentials, region, SnsSmsClient.Service));
#pragma warning restore EXTEXP0001
    }

    /// <summary>FCM HTTP v1 with Google.Apis.Auth's access tokens; the local endpoint's URL as <c>ConnectionStrings:fcm</c> in development.</summary>
    private static void AddFcmClient(this IHostApplicationBuilder builder, NotificationsOptions options)
    {
        var emulator = builder.Configuration.GetConnectionString("fcm");
        builder.Services.AddSingleton<FcmCredentials>();
#pragma warning disable EXTEXP0001 // As for SES and SNS: the worker's guard retries, not a handler.
        builder.Services.AddHttpClient<FcmPushClient>(http => Configure(http, emulator ?? "https://fcm.googleapis.com", options))
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }

    private static void Configure(HttpClient http, string baseUrl, NotificationsOptions options)
    {
        http.BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/");
        http.Timeout = options.SendTimeout;
    }
}
