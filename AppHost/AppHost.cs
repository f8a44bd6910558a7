using AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure: containers where a container runtime answers, host processes otherwise (Infrastructure:Mode overrides).
var infrastructure = builder.AddPlatformInfrastructure();

// Services
builder.AddProject<Projects.Reporting_Api>("reporting-api")
    .AsPlatformService()
    .WithReference(infrastructure.Broadleaf).WaitFor(infrastructure.Broadleaf);

builder.AddProject<Projects.Notifications_Worker>("notifications-worker")
    .AsPlatformService()
    .WithReference(infrastructure.Notifications).WaitFor(infrastructure.Notifications)
    .WithReference(infrastructure.Kafka).WaitFor(infrastructure.Kafka);

var search = builder.AddProject<Projects.Search_Api>("search-api")
    .AsPlatformService()
    .WithEnvironment("Search__Engine", infrastructure.SearchEngine)
    .WithReference(infrastructure.Broadleaf).WaitFor(infrastructure.Broadleaf)
    .WithReference(infrastructure.Kafka).WaitFor(infrastructure.Kafka);
if (infrastructure.Solr is { } solr)
{
    search.WithReference(solr).WaitFor(solr);
}

builder.Build().Run();
