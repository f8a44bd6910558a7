using ServiceDefaults.Data;

namespace Reporting.Api.Rollups;

/// <summary>The first sync has not loaded the sales rollups yet: the caller gets a 503 to retry, never empty figures.</summary>
public sealed class SalesRollupNotReadyException() : ServiceNotReadyException("The sales figures are still being loaded from the replica.");
