using System.Text.Json;

namespace Search.Api.Engine.Solr;

internal static class SolrHttp
{
    /// <summary>Solr's JSON answer, checked: an error body or a non-JSON answer (a proxy's 502...) throws.</summary>
    public static async Task<JsonDocument> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            JsonDocument answer;
            try
            {
                answer = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            }
            catch (JsonException)
            {
                throw new SolrException($"Solr answered {(int)response.StatusCode} without a JSON body.", (int)response.StatusCode);
            }

            try
            {
                SolrResponses.EnsureComplete(answer.RootElement);
                if (!response.IsSuccessStatusCode)
                {
                    throw new SolrException($"Solr answered {(int)response.StatusCode}.", (int)response.StatusCode);
                }

                return answer;
            }
            catch
            {
                answer.Dispose();
                throw;
            }
        }
    }
}
