using Notifications.Worker.Apis;
using Notifications.Worker.Extensions;
using ServiceDefaults.OpenApi;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapDefaultEndpoints();
app.MapPlatformOpenApi();
app.MapDeadLettersApi();
app.MapDevicesApi();

app.Run();
