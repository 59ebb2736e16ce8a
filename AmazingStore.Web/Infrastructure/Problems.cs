using Microsoft.AspNetCore.Http.HttpResults;

namespace AmazingStore.Web.Infrastructure;

/// <summary>
/// RFC 9457 problem replies with the machine-readable <c>code</c> every client of the API relies on.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult Of(int status, string code, string title, string? detail = null,
        IEnumerable<KeyValuePair<string, object?>>? extra = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (extra is not null) foreach (var (k, v) in extra) extensions[k] = v;
        return TypedResults.Problem(detail, statusCode: status, title: title, extensions: extensions);
    }

    public static ProblemHttpResult NotFound(string what) =>
        Of(StatusCodes.Status404NotFound, "not_found", "Not found", $"{what} was not found.");

    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors) =>
        Of(StatusCodes.Status400BadRequest, "validation_failed", "The request is not valid",
            "See errors for each field.", [new("errors", errors)]);

    public static ProblemHttpResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult Conflict(string code, string detail, IEnumerable<KeyValuePair<string, object?>>? extra = null) =>
        Of(StatusCodes.Status409Conflict, code, "Conflict", detail, extra);

    /// <summary>The default code for a status when nothing more specific was said.</summary>
    public static string CodeFor(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        429 => "rate_limited",
        503 => "service_unavailable",
        _ when status >= 500 => "internal_error",
        _ => "error",
    };
}
