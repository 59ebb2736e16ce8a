namespace AmazingStore.Data.Images;

/// <summary>An uploaded picture (banner, category, product); never changed after upload — a new picture is a new row.</summary>
public sealed class StoreImage
{
    public Guid Id { get; set; }
    public string ContentType { get; set; } = "";
    public string Extension { get; set; } = "";
    public byte[] Bytes { get; set; } = [];
    /// <summary>Hex SHA-256 of the bytes: the strong ETag.</summary>
    public string Sha256 { get; set; } = "";
    public int? UploadedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}
