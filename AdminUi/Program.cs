using AdminUi.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAdminUi();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapAdminUi();

app.Run();
