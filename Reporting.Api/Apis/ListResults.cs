using Microsoft.AspNetCore.Http.Headers;

namespace Reporting.Api.Apis;

public static class ListResults
{
    /// <summary>A list report answers CSV when the caller accepts <c>text/csv</c> and prefers it to JSON.</summary>
    public static bool PrefersCsv(this HttpRequest request)
    {
        RequestHeaders headers = request.GetTypedHeaders();
        var csv = headers.Accept.FirstOrDefault(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));
        var json = headers.Accept.FirstOrDefault(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));
        return csv is not null && (json is null || (csv.Quality ?? 1) > (json.Quality ?? 1));
    }
}
