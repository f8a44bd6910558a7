using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Notifications.Worker.Delivery;
using Notifications.Worker.Events;

namespace Notifications.Worker.Tests;

/// <summary>docs/notifications.asyncapi.json is the contract: the C# records and constants must say the same.</summary>
public sealed class EventContractTests
{
    private static readonly JsonNode Document = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "notifications.asyncapi.json")))!;
    private static readonly JsonNode Schemas = Document["components"]!["schemas"]!;

    public static TheoryData<string> PayloadTypes => [.. CommerceEvents.Payloads.Values.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(PayloadTypes))]
    public void EachPayloadRecordHasTheDocumentedFieldsTypesAndRequiredOnes(string name)
    {
        var type = CommerceEvents.Payloads.Values.Single(t => t.Name == name);
        // The payload itself is never null: its nullable properties say so themselves.
        var generated = JsonSchemaExporter.GetJsonSchemaAsNode(ServiceDefaults.Events.StructuredCloudEvents.PayloadJson, type,
            new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });

        Assert.Equal(SchemaShape.Of(Schemas[name]!, Schemas), SchemaShape.Of(generated, Schemas));
    }

    [Fact]
    public void EachEventTypeIsAMessageOnItsTopic()
    {
        var messages = Document["components"]!["messages"]!.AsObject();
        foreach (var (eventType, payload) in CommerceEvents.Payloads)
        {
            var message = messages[payload.Name]!;
            Assert.Equal(eventType, message["title"]!.GetValue<string>());
            Assert.Equal(eventType, message["payload"]!["allOf"]![1]!["properties"]!["type"]!["const"]!.GetValue<string>());
        }

        var channels = Document["channels"]!.AsObject().ToDictionary(c => c.Value!["address"]!.GetValue<string>(), c => c.Value!["messages"]!.AsObject().Select(m => m.Key).ToList());
        Assert.Equal(["OrderCreated", "OrderShipped"], channels[CommerceEvents.OrdersTopic]);
        Assert.Equal(["PasswordResetRequested"], channels[CommerceEvents.CustomersTopic]);
        Assert.Equal(["DeadLetter"], channels[new NotificationsOptions().DeadLetterTopic]);
    }

    [Fact]
    public void TheDeadLetterHeadersAndReasonCodesAreTheDocumentedOnes()
    {
        var headers = Schemas["DeadLetterHeaders"]!["properties"]!.AsObject();

        Assert.Equal(headers.Select(h => h.Key).Order(), DeadLetterHeaders.All.Order());
        Assert.Equal(
            headers[DeadLetterHeaders.ReasonCode]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).Order(),
            typeof(DeadLetterReasons).GetFields().Select(f => (string)f.GetValue(null)!).Order());
    }
}
