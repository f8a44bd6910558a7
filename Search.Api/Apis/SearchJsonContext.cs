using System.Text.Json;
using System.Text.Json.Serialization;
using Search.Api.Searching;

namespace Search.Api.Apis;

/// <summary>Serialization code generated at build time for the answers every search returns: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SearchResponse))]
[JsonSerializable(typeof(SuggestResponse))]
[JsonSerializable(typeof(IndexStatus))]
[JsonSerializable(typeof(ZeroResultReport))]
internal sealed partial class SearchJsonContext : JsonSerializerContext;
