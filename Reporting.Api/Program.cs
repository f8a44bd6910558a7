using Reporting.Api.Apis;
using Reporting.Api.Extensions;
using ServiceDefaults.OpenApi;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseCors();

app.MapDefaultEndpoints();
app.MapPlatformOpenApi();
app.MapReportsApi();

app.Run();
