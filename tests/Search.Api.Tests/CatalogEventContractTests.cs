using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Search.Api.Events;
using ServiceDefaults.Events;

namespace Search.Api.Tests;

/// <summary>docs/catalog.asyncapi.json is the contract: the C# record, constants and reader must say the same.</summary>
public sealed class CatalogEventContractTests
{
    private static readonly JsonNode Document = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "catalog.asyncapi.json")))!;
    private static readonly JsonNode Schemas = Document["components"]!["schemas"]!;

    [Fact]
    public void TheProductChangedRecordHasTheDocumentedFields()
    {
        var generated = JsonSchemaExporter.GetJsonSchemaAsNode(StructuredCloudEvents.PayloadJson, typeof(ProductChanged),
            new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });

        Assert.Equal(SchemaShape.Of(Schemas["ProductChanged"]!, Schemas), SchemaShape.Of(generated, Schemas));
    }

    [Fact]
    public void TheEventTypeIsAMessageOnTheProductsTopic()
    {
        var message = Document["components"]!["messages"]!["ProductChanged"]!;
        var channel = Document["channels"]!["products"]!;

        Assert.Equal(CatalogEvents.ProductChanged, message["title"]!.GetValue<string>());
        Assert.Equal(CatalogEvents.ProductsTopic, channel["address"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"productId":42,"changedAt":"2026-11-28T10:00:00Z"}""", null)]
    [InlineData("""{"productId":"42","changedAt":"2026-11-28T10:00:00Z"}""", "Invalid catalog.product.changed.v1 data at $.productId")]
    [InlineData("""{"changedAt":"2026-11-28T10:00:00Z"}""", "Invalid catalog.product.changed.v1 data")]
    public void TheReaderAcceptsTheContractAndSaysWhatIsWrongOtherwise(string data, string? problem)
    {
        var envelope = $$"""{"specversion":"1.0","id":"e-1","type":"catalog.product.changed.v1","source":"/broadleaf/catalog-service","datacontenttype":"application/json","data":{{data}}}""";

        var (changed, actual) = ProductChangedReader.Read(Encoding.UTF8.GetBytes(envelope));

        if (problem is null)
        {
            Assert.Equal(new ProductChanged(42, new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero)), changed);
        }
        else
        {
            Assert.Null(changed);
            Assert.StartsWith(problem, actual);
        }
    }

    [Fact]
    public void OtherEventTypesAndNonEventsAreRefused()
    {
        Assert.Equal("Event type 'catalog.category.changed.v1' is not indexed.", ProductChangedReader.Read(Encoding.UTF8.GetBytes(
            """{"specversion":"1.0","id":"e-2","type":"catalog.category.changed.v1","source":"/x","data":{}}""")).Problem);
        Assert.StartsWith("Not a CloudEvents 1.0 JSON envelope", ProductChangedReader.Read("not json"u8.ToArray()).Problem);
    }
}
