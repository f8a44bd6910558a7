using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Notifications.Worker.Devices;
using ServiceDefaults.Http;

namespace Notifications.Worker.Apis;

/// <summary>A device to register, or to refresh (the app calls on every start and whenever FCM rotates its token).</summary>
public sealed record RegisterDeviceRequest(long? CustomerId, string? Token, string? Platform, string? Locale);

/// <summary>A registered device as the API shows it: never its token.</summary>
public sealed record DeviceResponse(string DeviceId, long CustomerId, string Platform, string Locale, DateTimeOffset LastSeen)
{
    public static DeviceResponse Of(PushDevice device) =>
        new(device.DeviceId, device.CustomerId, DeviceRegistry.Name(device.Platform), device.Locale, device.LastSeen);
}

/// <summary>
/// Customers' push devices, for the mobile backend or the API gateway (the <c>Notifications:DeviceScope</c> scope). The
/// token goes in a request body only, never in a URL: a device is named by its <see cref="PushDevice.DeviceId"/>.
/// </summary>
public static partial class DevicesApi
{
    public const string DevicePolicy = "NotificationsDevices";

    public static RouteGroupBuilder MapDevicesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/devices")
            .WithTags("Devices")
            .RequireAuthorization(DevicePolicy)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPut("/", RegisterAsync)
            .WithName("RegisterDevice")
            .WithSummary("Registers a customer's device, or refreshes it (idempotent: the same token is the same device).");

        api.MapGet("/", ListAsync)
            .WithName("ListDevices")
            .WithSummary("A customer's devices, most recently seen first (without their tokens).");

        api.MapDelete("/{deviceId}", RemoveAsync)
            .WithName("RemoveDevice")
            .WithSummary("Forgets a device (the app was uninstalled or the customer signed out).");

        return api;
    }

    public static async Task<Results<Ok<DeviceResponse>, ValidationProblem>> RegisterAsync(
        RegisterDeviceRequest request, DeviceRegistry devices, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.CustomerId is not > 0)
        {
            errors["customerId"] = ["customerId is required: the customer's id, a positive number."];
        }

        if (request.Token is not { Length: > 0 and <= 4096 } token || !TokenShape().IsMatch(token))
        {
            errors["token"] = ["token is required: the FCM registration token, up to 4,096 characters without spaces."];
        }

        var platform = Enum.GetValues<DevicePlatform>().Cast<DevicePlatform?>()
            .FirstOrDefault(p => string.Equals(DeviceRegistry.Name(p!.Value), request.Platform, StringComparison.OrdinalIgnoreCase));
        if (platform is null)
        {
            errors["platform"] = ["platform is one of android, ios, web."];
        }

        if (request.Locale is not { Length: <= 35 } locale || !LocaleShape().IsMatch(locale))
        {
            errors["locale"] = ["locale is required: a language tag such as en, fr-CA."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var device = new PushDevice(request.CustomerId!.Value, request.Token!, platform!.Value, request.Locale!, clock.GetUtcNow());
        await devices.RegisterAsync(device, ct);
        return TypedResults.Ok(DeviceResponse.Of(device));
    }

    public static async Task<Results<Ok<List<DeviceResponse>>, ValidationProblem>> ListAsync(QueryValue<long>? customerId, DeviceRegistry devices, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var customer = customerId.Read("customerId", errors, min: 1);
        if (customer is null && errors.Count == 0)
        {
            errors["customerId"] = ["customerId is required: the customer's id, a positive number."];
        }

        return customer is null
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.Ok((await devices.ListAsync(customer.Value, ct)).ConvertAll(DeviceResponse.Of));
    }

    public static async Task<Results<NoContent, NotFound>> RemoveAsync(string deviceId, DeviceRegistry devices, CancellationToken ct) =>
        await devices.RemoveAsync(deviceId, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    [GeneratedRegex(@"^\S+$")]
    private static partial Regex TokenShape();

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LocaleShape();
}
