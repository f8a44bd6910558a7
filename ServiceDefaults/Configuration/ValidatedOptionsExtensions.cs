using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class ValidatedOptionsExtensions
{
    /// <summary>
    /// Binds <paramref name="section"/> once, validates it at once with <typeparamref name="TValidator"/> (the options
    /// validation source generator's, over the class's data annotations), and registers that instance: the composition
    /// root and every service read the same validated values, and a bad setting stops the service before it starts.
    /// </summary>
    /// <param name="complete">Fills in what the section leaves out that a plain default cannot (a list's default, say).</param>
    public static TOptions AddValidatedOptions<TOptions, TValidator>(this IHostApplicationBuilder builder, string section, Action<TOptions>? complete = null)
        where TOptions : class, new()
        where TValidator : IValidateOptions<TOptions>, new()
    {
        var options = builder.Configuration.GetSection(section).Get<TOptions>() ?? new TOptions();
        complete?.Invoke(options);
        var result = new TValidator().Validate(Options.Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.Options.DefaultName, typeof(TOptions), result.Failures);
        }

        builder.Services.AddSingleton(Options.Options.Create(options));
        return options;
    }
}
