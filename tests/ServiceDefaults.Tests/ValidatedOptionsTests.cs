using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ServiceDefaults.Tests;

public sealed partial class ValidatedOptionsTests
{
    [Fact]
    public void TheCompositionRootAndTheServicesReadOneValidatedInstance()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Sample:Size"] = "7";

        var bound = builder.AddValidatedOptions<SampleOptions, SampleOptionsValidator>("Sample", complete: o => o.Name ??= "filled in");
        using var host = builder.Build();

        Assert.Same(bound, host.Services.GetRequiredService<IOptions<SampleOptions>>().Value);
        Assert.Equal((7, "filled in"), (bound.Size, bound.Name));
    }

    [Fact]
    public void ABadSettingStopsTheCompositionNamingIt()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Sample:Size"] = "0";

        var refused = Assert.Throws<OptionsValidationException>(() => builder.AddValidatedOptions<SampleOptions, SampleOptionsValidator>("Sample"));

        Assert.Contains("Size", refused.Message, StringComparison.Ordinal);
    }

    public sealed class SampleOptions
    {
        [Range(1, 10)]
        public int Size { get; set; } = 1;

        public string? Name { get; set; }
    }

    [OptionsValidator]
    public sealed partial class SampleOptionsValidator : IValidateOptions<SampleOptions>;
}
