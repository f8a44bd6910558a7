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

    public async Task StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        Map(app);
        await app.StartAsync(ct).ConfigureAwait(false);
        Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");
        _app = app;
    }

    /// <summary>The API it stands in for, and <c>/messages</c>, what it received, which the dashboard links to.</summary>
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
