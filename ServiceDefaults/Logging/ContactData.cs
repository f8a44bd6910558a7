using Microsoft.Extensions.Compliance.Classification;

namespace ServiceDefaults.Logging;

/// <summary>The platform's data classes: what must never reach a log, a span or a metric as it is.</summary>
public static class PlatformTaxonomy
{
    public const string Name = "Platform";

    /// <summary>Customer contact data: email addresses, phone numbers, names, postal addresses.</summary>
    public static DataClassification ContactData { get; } = new(Name, nameof(ContactData));
}

/// <summary>Marks a logged value as customer contact data: redaction erases it before any log provider sees it.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ContactDataAttribute() : DataClassificationAttribute(PlatformTaxonomy.ContactData);
