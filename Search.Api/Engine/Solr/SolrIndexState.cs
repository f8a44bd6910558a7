using System.Text.Json;
using System.Text.Json.Nodes;

namespace Search.Api.Engine.Solr;

/// <summary>
/// What the core serves, kept in the core itself as one document (<see cref="DocumentId"/>) so that every Search.Api
/// replica sees the same: the <see cref="Live"/> generation searches filter on, recorded only after a full reindex's
/// final commit (so a failed or interrupted reindex is never seen, whatever commits happen meanwhile); the
/// <see cref="Building"/> one a reindex is writing, which product changes are written to as well; and the reindex lease
/// (<see cref="LeaseOwner"/> until <see cref="LeaseUntil"/>), taken with Solr's optimistic concurrency on
/// <see cref="Version"/>, so that one replica at a time reindexes.
/// </summary>
/// <param name="Version">Solr's <c>_version_</c> of the document as read; -1 when there is none yet (it must not exist).</param>
public sealed record SolrIndexState(string? Live, string? Building, string? LeaseOwner, DateTimeOffset? LeaseUntil, long Version)
{
    public const string DocumentId = "_platform_index_state";

    /// <summary>The stored field holding the state as JSON (one field, so the schema needs one addition only).</summary>
    public const string Field = "index_state";

    public static readonly SolrIndexState None = new(null, null, null, null, -1);

    /// <summary>A full reindex has completed: searches have an index to filter on.</summary>
    public bool IsFilled => Live is not null;

    public bool IsLeasedToAnotherThan(string owner, DateTimeOffset now) => LeaseOwner is not null && LeaseOwner != owner && LeaseUntil > now;

    /// <summary>Reads a real-time get answer (<c>{"doc": {...}}</c>, or <c>{"doc": null}</c> before any state was written).</summary>
    public static SolrIndexState Read(JsonElement answer)
    {
        if (!answer.TryGetProperty("doc", out var doc) || doc.ValueKind != JsonValueKind.Object)
        {
            return None;
        }

        var version = doc.GetProperty("_version_").GetInt64();
        var state = doc.TryGetProperty(Field, out var field) ? JsonNode.Parse(field.ValueKind == JsonValueKind.Array ? field[0].GetString()! : field.GetString()!) : null;
        return new SolrIndexState(
            (string?)state?["live"], (string?)state?["building"], (string?)state?["leaseOwner"],
            state?["leaseUntil"] is { } until ? DateTimeOffset.Parse((string)until!, System.Globalization.CultureInfo.InvariantCulture) : null,
            version);
    }

    /// <summary>The update that writes this state only if the document is still at <see cref="Version"/> (else Solr answers 409).</summary>
    public JsonArray ToUpdate() => new(new JsonObject
    {
        [SolrRequests.UniqueKey] = DocumentId,
        [Field] = new JsonObject
        {
            ["live"] = Live,
            ["building"] = Building,
            ["leaseOwner"] = LeaseOwner,
            ["leaseUntil"] = LeaseUntil?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        }.ToJsonString(),
        ["_version_"] = Version,
    });
}
