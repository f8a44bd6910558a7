namespace AppHost.Broadleaf;

/// <summary>Size and shape of the generated Broadleaf history (configuration section <c>Broadleaf:Seed</c>).</summary>
public sealed record BroadleafSeedOptions
{
    public const string SectionName = "Broadleaf:Seed";

    /// <summary>Same seed, same options: the same rows, byte for byte.</summary>
    public int Seed { get; init; } = 20261101;

    /// <summary>Orders of every status, carts and wishlists included.</summary>
    public int Orders { get; init; } = 2_000;

    /// <summary>The history ends here (store local time) and covers <see cref="Months"/> before it.</summary>
    public DateTime HistoryEnd { get; init; } = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Unspecified);

    public int Months { get; init; } = 24;

    public DateTime HistoryStart => HistoryEnd.AddMonths(-Months);

    public int Products => Math.Clamp(Orders / 40, 40, 20_000);

    public int Customers => Math.Max(50, Orders / 4);
}
