using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Notifications.Worker.Apis;
using Notifications.Worker.Consuming;
using Notifications.Worker.Delivery;
using Notifications.Worker.Providers;
using Notifications.Worker.Templates;
using ServiceDefaults.Kafka;

namespace Notifications.Worker.Extensions;

public static class Extensions
{
    public const string ConsumerGroup = "notifications-worker";

    /// <summary>
    /// The worker's composition root: its ledger database, the commerce event consumer and the dead-letter producer,
    /// templates, and the SES and SNS clients (SigV4 with the AWS credential chain; the emulator's URL as
    /// <c>ConnectionStrings:aws</c> in development, AWS's regional endpoints otherwise).
    /// </summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationsOptions>().BindConfiguration(NotificationsOptions.SectionName)
            .Validate(o => o.Routes.Count > 0, "Notifications:Routes names no event type.")
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(NotificationsOptions.SectionName).Get<NotificationsOptions>() ?? new NotificationsOptions();

        builder.AddNpgsqlDataSource("notifications");
        builder.AddKafkaConsumer("kafka", ConsumerGroup);
        builder.AddKafkaProducer("kafka");

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TemplateLibrary>();
        builder.Services.AddSingleton<DeliveryLedger>();
        builder.Services.AddSingleton<DeadLetterPublisher>();
        builder.Services.AddSingleton<NotificationMetrics>();
        builder.Services.AddSingleton<NotificationProcessor>();
        builder.Services.AddSingleton<DeadLetterArchive>();
        builder.Services.AddProblemDetails();
        builder.AddRolePolicy(DeadLettersApi.AdminPolicy, options.RoleClaim, options.AdminRole);
        builder.Services.AddHostedService<CommerceEventConsumer>();
        builder.AddAwsClients(options);
    }

    private static void AddAwsClients(this IHostApplicationBuilder builder, NotificationsOptions options)
    {
        var aws = builder.Configuration.GetAWSOptions();
        var region = aws.Region ?? FallbackRegionFactory.GetRegionEndpoint()
            ?? throw new InvalidOperationException("No AWS region: set AWS_REGION or AWS:Region.");
        var credentials = aws.Credentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials();
        var emulator = builder.Configuration.GetConnectionString("aws");

        // Retries are the worker's own (counted, then dead-lettered): no resilience handler may retry behind its back.
        // RemoveAllResilienceHandlers is marked experimental, and is the documented way to opt a client out.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient<SesEmailClient>(http => Configure(http, emulator ?? $"https://email.{region.SystemName}.amazonaws.com", options))
            .RemoveAllResilienceHandlers()
            .AddSendRateLimit(options.SesMaxSendsPerSecond)
            .AddHttpMessageHandler(() => new AwsSigningHandler(credentials, region, SesEmailClient.Service));
        builder.Services.AddHttpClient<SnsSmsClient>(http => Configure(http, emulator ?? $"https://sns.{region.SystemName}.amazonaws.com", options))
            .RemoveAllResilienceHandlers()
            .AddSendRateLimit(options.SnsMaxSendsPerSecond)
            .AddHttpMessageHandler(() => new AwsSigningHandler(credentials, region, SnsSmsClient.Service));
#pragma warning restore EXTEXP0001
    }

    /// <summary>Before signing, so a request that waited for the quota is signed with the time it leaves.</summary>
    private static IHttpClientBuilder AddSendRateLimit(this IHttpClientBuilder client, int perSecond)
    {
        if (perSecond <= 0)
        {
            return client;
        }

        var limiter = SendRateLimitHandler.PerSecond(perSecond);
        return client.AddHttpMessageHandler(() => new SendRateLimitHandler(limiter));
    }

    private static void Configure(HttpClient http, string baseUrl, NotificationsOptions options)
    {
        http.BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/");
        http.Timeout = TimeSpan.FromSeconds(options.SendTimeoutSeconds);
    }
}
