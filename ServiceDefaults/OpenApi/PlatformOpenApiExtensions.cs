using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;
using Scalar.AspNetCore;
using ServiceDefaults.Http;

namespace ServiceDefaults.OpenApi;

/// <summary>A service's API contract: generated from its endpoints, committed as <c>docs/{service}.openapi.json</c> and held by a drift test.</summary>
public static class PlatformOpenApiExtensions
{
    /// <param name="bearer">What the bearer token must carry (a role, a scope), for the document's security scheme.</param>
    public static IServiceCollection AddPlatformOpenApi(this IServiceCollection services, string title, string description, string bearer) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo { Title = title, Version = "v1", Description = description };
                // Servers depend on where the document was fetched; the contract must not.
                document.Servers = [];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = bearer,
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] }];
                // Left behind by the generator for QueryValue<T> parameters, which the operations describe as a T (below).
                foreach (var name in document.Components.Schemas?.Keys.Where(name => name.StartsWith("QueryValueOf", StringComparison.Ordinal)).ToList() ?? [])
                {
                    document.Components.Schemas!.Remove(name);
                }

                return Task.CompletedTask;
            });
            // A QueryValue<T> is bound as text only to name a bad value; to callers it is a T.
            options.AddOperationTransformer(async (operation, context, cancellationToken) =>
            {
                foreach (var description in context.Description.ParameterDescriptions)
                {
                    if (QueryValueType(description) is { } valueType
                        && operation.Parameters?.FirstOrDefault(p => p.Name == description.Name) is OpenApiParameter parameter)
                    {
                        parameter.Schema = await context.GetOrCreateSchemaAsync(valueType, description, cancellationToken);
                    }
                }
            });
        });

    /// <summary>
    /// The T of a <see cref="QueryValue{T}"/> parameter: ASP.NET Core describes a parameter bound through TryParse as a
    /// string, and an [AsParameters] property by its metadata, so each place is looked at.
    /// </summary>
    private static Type? QueryValueType(ApiParameterDescription description) =>
        new[] { description.ParameterDescriptor?.ParameterType, description.ModelMetadata?.ModelType, description.Type }
            .Select(type => type is null ? null : QueryValues.ValueType(type))
            .FirstOrDefault(type => type is not null);

    /// <summary>The document at <c>/openapi/v1.json</c> everywhere; the browsable page (<c>/scalar</c>) in development only.</summary>
    public static void MapPlatformOpenApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference().AllowAnonymous();
        }
    }
}
