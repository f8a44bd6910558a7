using Notifications.Worker.Apis;
using Notifications.Worker.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapDefaultEndpoints();
app.MapDeadLettersApi();
app.MapDevicesApi();

app.Run();
