using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace Reporting.Api.Infrastructure;

/// <summary>
/// A query value that cannot bind (<c>page=abc</c>, <c>campaignId=x</c>) gets the same 400 ProblemDetails as any other bad
/// parameter, with <c>errors</c> naming it, instead of a bare 400.
/// </summary>
public sealed partial class BadParameterHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad
            || FailedParameter().Match(bad.Message) is not { Success: true } match)
        {
            return false;
        }

        // An [AsParameters] property is named like its query parameter, but capitalized.
        var name = char.ToLowerInvariant(match.Groups["name"].Value[0]) + match.Groups["name"].Value[1..];
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [name] = [$"'{context.Request.Query[name]}' is not a valid {name}."],
            })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = Apis.ReportsApi.InvalidParameters,
            },
        });
    }

    /// <summary>ASP.NET Core's message: Failed to bind parameter "long? campaignId" from "x".</summary>
    [GeneratedRegex("""parameter "(?:[^"]* )?(?<name>\w+)" from""")]
    private static partial Regex FailedParameter();
}
