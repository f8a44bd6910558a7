using Search.Api.Apis;
using Search.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapDefaultEndpoints();
app.UseRateLimiter();
app.MapSearchApi();
app.MapIndexApi();

app.Run();
