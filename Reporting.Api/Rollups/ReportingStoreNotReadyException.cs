using ServiceDefaults.Data;

namespace Reporting.Api.Rollups;

/// <summary>The first sync has not loaded the reporting store yet: the caller gets a 503 to retry, never empty figures.</summary>
public sealed class ReportingStoreNotReadyException() : ServiceNotReadyException("The report figures are still being loaded from the replica.");
