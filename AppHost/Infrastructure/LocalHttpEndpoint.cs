using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AppHost.Infrastructure;

/// <summary>A development endpoint the AppHost process serves itself, on a free loopback port (a stand-in for a cloud API).</summary>
public abstract class LocalHttpEndpoint : IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The base URL, ending in <c>/</c>; null until it listens.</summary>
    public Uri? Url { get; private set; }

    /// <summary>The loopback port to listen on; 0 (the default) takes a free one.</summary>
    protected int Port { get; init; }

    public async Task StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Url?.Port ?? Port}");
        builder.Logging.ClearProviders();
        ConfigureServices(builder.Services);
        var app = builder.Build();
        await InitializeAsync(app.Services, ct).ConfigureAwait(false);
        Use(app);
        Map(app);
        await app.StartAsync(ct).ConfigureAwait(false);
        Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");
        _app = app;
    }

    /// <summary>Stops and starts again on the same port, losing what it held in memory, as a restarted process would.</summary>
    public async Task RestartAsync(CancellationToken ct)
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }

        await StartAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Services the endpoint's own requests need.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Work before it listens, with its services built (seed data, for example).</summary>
    protected virtual Task InitializeAsync(IServiceProvider services, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Middleware in front of its endpoints.</summary>
    protected virtual void Use(IApplicationBuilder app)
    {
    }

    /// <summary>The API it stands in for, and what the dashboard links to (for the cloud stand-ins, <c>/messages</c>, what it received).</summary>
    protected abstract void Map(IEndpointRouteBuilder app);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }
}
