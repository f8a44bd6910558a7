namespace AppHost.Broadleaf;

internal sealed record SeedCustomer(long Id, string Email, string Locale);

internal static class CustomerGenerator
{
    private static readonly string[] FirstNames =
        ["Olivia", "Liam", "Emma", "Noah", "Ava", "Mateo", "Sofia", "Lucas", "Chloe", "Hugo", "Mia", "Leon", "Isabella", "Ethan", "Camille", "Jonas", "Lucia", "Arthur", "Grace", "Diego"];

    private static readonly string[] LastNames =
        ["Smith", "Garcia", "Martin", "Muller", "Johnson", "Lopez", "Bernard", "Schmidt", "Brown", "Fernandez", "Dubois", "Weber", "Taylor", "Moreau", "Wilson", "Romero"];

    public static IReadOnlyList<SeedCustomer> Generate(BroadleafSeedOptions options, SeedRandom random, IBroadleafRowSink sink)
    {
        var customers = new List<SeedCustomer>(options.Customers);
        for (var i = 1; i <= options.Customers; i++)
        {
            // Broadleaf takes customer ids from blc_id_generation, which starts well above Hibernate's sequences.
            var id = 10_000L + i;
            var first = random.Pick(FirstNames);
            var last = random.Pick(LastNames);
            var email = $"{first}.{last}.{id}@example.com".ToLowerInvariant();
            var locale = random.Weighted([("en_US", 0.70), ("es_ES", 0.15), ("fr_FR", 0.10), ("de_DE", 0.05)]);
            sink.Write(BroadleafTables.Customer, id, email, email, first, last, locale, random.Chance(0.6), random.Chance(0.85),
                random.Chance(0.02), "N", random.Between(options.HistoryStart.AddDays(-180), options.HistoryEnd));
            customers.Add(new(id, email, locale));
        }

        return customers;
    }
}
