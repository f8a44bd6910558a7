using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using Fluid;
using Microsoft.Extensions.Options;
using Notifications.Worker.Delivery;

namespace Notifications.Worker.Templates;

public sealed record RenderedEmail(string Subject, string Html, string Text);

public sealed record RenderedSms(string Text, int Segments);

/// <param name="Data">FCM's <c>data</c>: string keys and values for the app (order number, deep link).</param>
public sealed record RenderedPush(string Title, string Body, IReadOnlyDictionary<string, string> Data);

/// <summary>A template that cannot render this event: a permanent failure, dead-lettered at once.</summary>
public sealed class TemplateException(string message) : Exception(message);

/// <summary>
/// Liquid templates (Fluid) per event type, channel and locale, embedded as <c>Templates/{event type}/{part}.{locale}.liquid</c>
/// (parts: <c>email.subject</c>, <c>email.html</c>, <c>email.text</c>, <c>sms</c>, <c>push.title</c>, <c>push.body</c>, and
/// <c>push.data</c>, a JSON object of strings whose values are JSON-escaped). A locale falls back to its language,
/// then to the default locale. Every template is parsed at start, so a broken one stops the worker before it consumes.
/// </summary>
public sealed class TemplateLibrary
{
    private static readonly FluidParser Parser = new();
    private readonly Dictionary<string, IFluidTemplate> _templates = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<CultureInfo, TemplateOptions> _optionsByCulture = new();
    private readonly NotificationsOptions _options;

    public TemplateLibrary(IOptions<NotificationsOptions> options)
    {
        _options = options.Value;
        var assembly = typeof(TemplateLibrary).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".liquid", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            _templates[name[..^".liquid".Length].Replace('\\', '/')] = Parser.TryParse(reader.ReadToEnd(), out var template, out var error)
                ? template
                : throw new InvalidOperationException($"Template {name} does not parse: {error}");
        }

        var missing = _options.Routes
            .SelectMany(route => route.Value.SelectMany(channel => Parts(channel).Select(part => $"{route.Key}/{part}.{_options.DefaultLocale}")))
            .Where(key => !_templates.ContainsKey(key))
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Templates missing for the default locale: {string.Join(", ", missing)}");
        }
    }

    public async Task<RenderedEmail> RenderEmailAsync(string eventType, string locale, object model) => new(
        (await RenderAsync(eventType, "email.subject", locale, model, NullEncoder.Default)).Trim(),
        await RenderAsync(eventType, "email.html", locale, model, HtmlEncoder.Default),
        await RenderAsync(eventType, "email.text", locale, model, NullEncoder.Default));

    public async Task<RenderedSms> RenderSmsAsync(string eventType, string locale, object model)
    {
        var text = (await RenderAsync(eventType, "sms", locale, model, NullEncoder.Default)).Trim();
        var segments = SmsSegments.Count(text);
        return segments <= _options.SmsMaxSegments
            ? new RenderedSms(text, segments)
            : throw new TemplateException($"The {eventType} SMS needs {segments} segments, more than the {_options.SmsMaxSegments} allowed.");
    }

    public async Task<RenderedPush> RenderPushAsync(string eventType, string locale, object model)
    {
        var data = await RenderAsync(eventType, "push.data", locale, model, JavaScriptEncoder.Default);
        Dictionary<string, string>? values;
        try
        {
            values = JsonSerializer.Deserialize<Dictionary<string, string>>(data);
        }
        catch (JsonException e)
        {
            throw new TemplateException($"The {eventType} push.data template is not a JSON object of strings: {e.Message}");
        }

        return new RenderedPush(
            (await RenderAsync(eventType, "push.title", locale, model, NullEncoder.Default)).Trim(),
            (await RenderAsync(eventType, "push.body", locale, model, NullEncoder.Default)).Trim(),
            values ?? []);
    }

    private async Task<string> RenderAsync(string eventType, string part, string locale, object model, TextEncoder encoder)
    {
        var (template, culture) = Resolve(eventType, part, locale);
        try
        {
            return await template.RenderAsync(new TemplateContext(model, OptionsFor(culture)), encoder);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new TemplateException($"The {eventType} {part} template failed to render: {e.GetType().Name}.");
        }
    }

    /// <summary>Options per culture, made once: building them registers every filter, too costly for each message.</summary>
    private TemplateOptions OptionsFor(CultureInfo culture) => _optionsByCulture.GetOrAdd(culture, c =>
    {
        var options = new TemplateOptions { CultureInfo = c, MemberAccessStrategy = new UnsafeMemberAccessStrategy() };
        options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.CamelCase;
        return options;
    });

    /// <summary><c>fr-CA</c> → <c>fr-CA</c>, then <c>fr</c>, then the default locale.</summary>
    private (IFluidTemplate Template, CultureInfo Culture) Resolve(string eventType, string part, string locale)
    {
        var candidates = new[] { locale, locale.Split('-')[0], _options.DefaultLocale };
        foreach (var candidate in candidates)
        {
            if (_templates.TryGetValue($"{eventType}/{part}.{candidate}", out var template))
            {
                return (template, CultureOf(candidate == _options.DefaultLocale ? candidate : locale));
            }
        }

        throw new TemplateException($"No {part} template for {eventType}.");
    }

    private static CultureInfo CultureOf(string locale)
    {
        try
        {
            return CultureInfo.GetCultureInfo(locale);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }

    private static string[] Parts(NotificationChannel channel) => channel switch
    {
        NotificationChannel.Email => ["email.subject", "email.html", "email.text"],
        NotificationChannel.Sms => ["sms"],
        NotificationChannel.Push => ["push.title", "push.body", "push.data"],
    };
}
