using AmazingStore.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AmazingStore.Web.Infrastructure;

/// <summary>A list reply: <c>{"items": [...], "page": 1, "limit": 20, "total": 137}</c>.</summary>
public sealed record ListReply<T>(IReadOnlyList<T> Items, int Page, int Limit, long Total);

/// <summary>An unpaged list: <c>{"items": [...]}</c>.</summary>
public sealed record ItemsReply<T>(IReadOnlyList<T> Items);

/// <summary>page ≥ 1 and 1 ≤ limit ≤ 100, checked once for every list.</summary>
public readonly record struct Paging(int Page, int Limit)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public int Offset => (Page - 1) * Limit;

    public static bool TryCreate(int? page, int? limit, out Paging paging, out ProblemHttpResult? problem)
    {
        var errors = new Dictionary<string, string[]>();
        var p = page ?? 1;
        var l = limit ?? DefaultLimit;
        if (p < 1 || p > 1_000_000) errors["page"] = ["page must be between 1 and 1000000."];
        if (l < 1 || l > MaxLimit) errors["limit"] = [$"limit must be between 1 and {MaxLimit}."];
        paging = new Paging(p, l);
        problem = errors.Count > 0 ? Problems.Validation(errors) : null;
        return problem is null;
    }
}
