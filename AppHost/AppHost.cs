using AppHost.Broadleaf;
using AppHost.Infrastructure;
using AppHost.Infrastructure.Aws;
using AppHost.Infrastructure.Fcm;
using AppHost.Infrastructure.Kafka;
using AppHost.Security;

var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure: containers where a container runtime answers, host processes otherwise (Infrastructure:Mode overrides).
var infrastructure = builder.AddPlatformInfrastructure();

// One-click sample events about the seeded replica, published to Kafka as Broadleaf would (run mode only).
infrastructure.Kafka.WithSampleEventCommands(infrastructure.Broadleaf);

// Development identity provider for local runs (OpenID Connect); production names its own authority.
var identity = builder.AddDevelopmentIdentityProvider("identity");

// The admin UI's origin, the only one whose browser scripts may read reports (CORS); asked for at deploy time.
var adminUiOrigin = builder.AddParameter("admin-ui-origin");

// Services
var reportingApi = builder.AddProject<Projects.Reporting_Api>("reporting-api")
    .AsPlatformApi()
    .WithDevelopmentAuthentication(identity, audience: "reporting-api", scopes: ["reporting-api"])
    .WithEnvironment("Reporting__AllowedOrigins__0", adminUiOrigin)
    .WithReference(infrastructure.Broadleaf).WaitFor(infrastructure.Broadleaf)
    .WithReference(infrastructure.Reporting).WaitFor(infrastructure.Reporting);

var notificationsWorker = builder.AddProject<Projects.Notifications_Worker>("notifications-worker")
    .AsPlatformApi()
    .WithDevelopmentAuthentication(identity, audience: "notifications-worker", scopes: ["notifications-worker", "devices"])
    .WithReference(infrastructure.Notifications).WaitFor(infrastructure.Notifications)
    .WithKafka(infrastructure.Kafka)
    .WithAwsEmulator(infrastructure.Aws)
    .WithFcm(infrastructure.Fcm, infrastructure.FcmCredentials);

var search = builder.AddProject<Projects.Search_Api>("search-api")
    .AsPlatformApi()
    .WithDevelopmentAuthentication(identity, audience: "search-api", scopes: ["search-api", "search"])
    .WithEnvironment("Search__Engine", infrastructure.SearchEngine)
    .WithReference(infrastructure.Broadleaf).WaitFor(infrastructure.Broadleaf)
    .WithKafka(infrastructure.Kafka);
if (infrastructure.Solr is { } solr)
{
    search.WithReference(solr).WaitFor(solr);
}

// The admin console: its single-page app and a same-origin proxy to the APIs; people sign in at the identity provider.
builder.AddProject<Projects.AdminUi>("admin-ui")
    .AsPlatformService()
    .WithDevelopmentSignIn(identity)
    .WithReference(reportingApi)
    .WithReference(notificationsWorker)
    .WithReference(search);

builder.Build().Run();
