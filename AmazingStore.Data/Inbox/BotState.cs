namespace AmazingStore.Data.Inbox;

/// <summary>Bot key/value state shared by all instances, e.g. the long-polling offset. Table <c>bot_state</c>. Times are UTC.</summary>
public class BotState
{
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
}
