namespace AmazingStore.Data.Security;

/// <summary>An ASP.NET Core Data Protection key, shared by every instance. Table <c>data_protection_keys</c>. Times are UTC.</summary>
public class DataProtectionKey
{
    public int Id { get; set; }
    public string? FriendlyName { get; set; }
    public string Xml { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
