using Search.Api.Apis;
using Search.Api.Extensions;
using ServiceDefaults.OpenApi;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapDefaultEndpoints();
app.MapPlatformOpenApi();
app.UseRateLimiter();
app.MapSearchApi();
app.MapIndexApi();
app.MapSearchAnalyticsApi();

app.Run();
