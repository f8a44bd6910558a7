using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Search.Api.Engine.Solr;

namespace Search.Api.Tests;

/// <summary>
/// A Solr core's HTTP surface on a local port, answering with fixtures and recording what it was sent. The index state
/// document is kept for real, with Solr's real-time get and optimistic concurrency (<c>_version_</c>: negative, it must
/// not exist; positive, it must be that version; else 409), so that replicas' leases can race on it.
/// </summary>
internal sealed class StubSolr : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _stateLock = new();
    private long _version = 1_700_000_000_000_000_000;

    private StubSolr(WebApplication app) => _app = app;

    public sealed record Request(string Method, string PathAndQuery, string Body);

    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>The requests other than the state document's reads and writes.</summary>
    public IEnumerable<Request> IndexRequests => Requests.Where(r => !IsStateRead(r) && !IsStateWrite(r));

    /// <summary>How the core answers: by default every request gets <c>update-ok.json</c>.</summary>
    public Func<Request, (int Status, string Fixture, TimeSpan Delay)> Answer { get; set; } = _ => (200, "update-ok.json", TimeSpan.Zero);

    /// <summary>The stored state document (its JSON field and version); null before one is written.</summary>
    public (string Json, long Version)? State { get; private set; }

    /// <summary>The state's <c>live</c> generation, as searches would read it.</summary>
    public string? LiveGeneration => State is { } s ? (string?)JsonNode.Parse(s.Json)!["live"] : null;

    public Uri CoreUrl => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/solr/products");

    /// <summary>Stores a state as if written earlier (by this or another replica).</summary>
    public void SetState(string? live, string? building = null, string? leaseOwner = null, DateTimeOffset? leaseUntil = null)
    {
        lock (_stateLock)
        {
            State = (new SolrIndexState(live, building, leaseOwner, leaseUntil, 0).ToUpdate()[0]![SolrIndexState.Field]!.GetValue<string>(), ++_version);
        }
    }

    /// <summary>The live generation a filled core starts with.</summary>
    public const string FilledGeneration = "filled-generation";

    /// <param name="port">0 for any free port; a given one to come back where a stopped stub was.</param>
    /// <param name="filled">Whether the core holds a finished index (its state names <see cref="FilledGeneration"/> live).</param>
    public static async Task<StubSolr> StartAsync(int port = 0, bool filled = true)
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
            if (stub.AnswerState(request) is { } state)
            {
                context.Response.StatusCode = state.Status;
                await context.Response.WriteAsJsonAsync(state.Body, context.RequestAborted);
                return;
            }

            var (status, fixture, delay) = stub.Answer(request);
            await Task.Delay(delay, context.RequestAborted);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json;charset=utf-8";
            await context.Response.SendFileAsync(Fixture(fixture), context.RequestAborted);
        });
        stub = new StubSolr(app);
        if (filled)
        {
            stub.SetState(FilledGeneration);
        }

        await app.StartAsync();
        return stub;
    }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "solr", name);

    private static bool IsStateRead(Request request) =>
        request.Method == "GET" && request.PathAndQuery.StartsWith($"/solr/products/get?id={SolrIndexState.DocumentId}", StringComparison.Ordinal);

    private static bool IsStateWrite(Request request) =>
        request.Method == "POST" && request.PathAndQuery.StartsWith("/solr/products/update", StringComparison.Ordinal)
        && request.Body.Contains(SolrIndexState.DocumentId, StringComparison.Ordinal) && request.Body.Contains("_version_", StringComparison.Ordinal);

    /// <summary>Real-time get and versioned writes of the state document, as Solr answers them; null for any other request.</summary>
    private (int Status, JsonObject Body)? AnswerState(Request request)
    {
        var header = new JsonObject { ["status"] = 0, ["QTime"] = 0 };
        lock (_stateLock)
        {
            if (IsStateRead(request))
            {
                return (200, new JsonObject
                {
                    ["doc"] = State is { } s
                        ? new JsonObject { ["id"] = SolrIndexState.DocumentId, [SolrIndexState.Field] = s.Json, ["_version_"] = s.Version }
                        : null,
                });
            }

            if (!IsStateWrite(request))
            {
                return null;
            }

            var document = JsonNode.Parse(request.Body)![0]!;
            var expected = document["_version_"]!.GetValue<long>();
            var actual = State?.Version ?? 0;
            if ((expected < 0 && State is not null) || (expected > 1 && expected != actual) || (expected == 1 && State is null))
            {
                return (409, new JsonObject
                {
                    ["responseHeader"] = new JsonObject { ["status"] = 409, ["QTime"] = 0 },
                    ["error"] = new JsonObject
                    {
                        ["metadata"] = new JsonArray("error-class", "org.apache.solr.common.SolrException", "root-error-class", "org.apache.solr.common.SolrException"),
                        ["msg"] = $"version conflict for {SolrIndexState.DocumentId} expected={expected} actual={actual}",
                        ["code"] = 409,
                    },
                });
            }

            State = (document[SolrIndexState.Field]!.GetValue<string>(), ++_version);
            return (200, new JsonObject { ["responseHeader"] = header, ["adds"] = new JsonArray(SolrIndexState.DocumentId, _version) });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
