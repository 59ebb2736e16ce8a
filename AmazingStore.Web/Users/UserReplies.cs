namespace AmazingStore.Web.Users;

public sealed record UserReply(int Id, long TelegramId, string FirstName, string? LastName, string? Username,
    string? Phone, string Language, bool IsAdmin);

public sealed record UserEnvelope(UserReply User);

public sealed record ValidateReply(UserReply User, IReadOnlyList<int> Favorites);

/// <summary>PUT /api/users/profile: a null field stays as it is; an empty last_name or phone clears it.</summary>
public sealed record ProfileRequest(string? FirstName, string? LastName, string? Phone, string? Language);

public sealed record FavoritesRequest(int[]? ProductIds);

public sealed record FavoritesReply(IReadOnlyList<int> ProductIds);
