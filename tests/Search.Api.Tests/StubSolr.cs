using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Search.Api.Tests;

/// <summary>A Solr core's HTTP surface on a local port, answering with fixtures and recording what it was sent.</summary>
internal sealed class StubSolr : IAsyncDisposable
{
    private readonly WebApplication app;

    private StubSolr(WebApplication app) => this.app = app;

    public sealed record Request(string Method, string PathAndQuery, string Body);

    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>How the core answers: by default every request gets <c>update-ok.json</c>.</summary>
    public Func<Request, (int Status, string Fixture, TimeSpan Delay)> Answer { get; set; } = _ => (200, "update-ok.json", TimeSpan.Zero);

    public Uri CoreUrl => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/solr/products");

    /// <param name="port">0 for any free port; a given one to come back where a stopped stub was.</param>
    public static async Task<StubSolr> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        StubSolr? stub = null;
        var app = builder.Build();
        app.Run(async context =>
        {
            var request = new Request(context.Request.Method, context.Request.Path + context.Request.QueryString,
                await new StreamReader(context.Request.Body).ReadToEndAsync());
            stub!.Requests.Enqueue(request);
            var (status, fixture, delay) = stub.Answer(request);
            await Task.Delay(delay, context.RequestAborted);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json;charset=utf-8";
            await context.Response.SendFileAsync(Fixture(fixture), context.RequestAborted);
        });
        stub = new StubSolr(app);
        await app.StartAsync();
        return stub;
    }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "solr", name);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
