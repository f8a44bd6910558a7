namespace Search.Api.Catalog;

/// <summary>
/// A sellable product as search sees it: the name, description and prices of its default SKU, the codes and names of all
/// its SKUs, and the names of the categories it is listed in.
/// </summary>
/// <param name="Sku">The default SKU's code (<c>external_id</c>).</param>
/// <param name="Skus">Every SKU's code and own name (additional SKUs name sizes, colours...), so that either finds the product.</param>
/// <param name="ActiveFrom">When the product went on sale: what <c>newest</c> sorts by.</param>
public sealed record ProductDocument(
    long Id,
    string Sku,
    string Name,
    string? Description,
    decimal Price,
    decimal? SalePrice,
    IReadOnlyList<string> Categories,
    string? Brand,
    string? Url,
    DateTime ActiveFrom,
    IReadOnlyList<string> Skus)
{
    /// <summary>What the shopper pays: the sale price when there is one. Filters, facets and the price sort use it.</summary>
    public decimal EffectivePrice => SalePrice ?? Price;
}
