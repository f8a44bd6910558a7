using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Search.Api.Engine.Solr;

/// <summary>Solr's own liveness answer for the core: <c>admin/ping</c>.</summary>
public sealed class SolrPingHealthCheck(IHttpClientFactory clients) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await clients.CreateClient(SolrSearchEngine.QueryClient)
                .GetAsync("admin/ping?wt=json", cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Solr ping answered {(int)response.StatusCode}.");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            return HealthCheckResult.Unhealthy(e.Message, e);
        }
    }
}
