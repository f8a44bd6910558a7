using Reporting.Api.Apis;
using Reporting.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseCors();

app.MapDefaultEndpoints();
app.MapReportingOpenApi();
app.MapReportsApi();

app.Run();
