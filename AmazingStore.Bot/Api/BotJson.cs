using System.Text.Json;
using System.Text.Json.Serialization;

namespace AmazingStore.Bot.Api;

public static class BotJson
{
    /// <summary>The Bot API speaks snake_case and treats absent fields as unset.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
