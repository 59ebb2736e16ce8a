namespace AmazingStore.Web.Images;

/// <summary>Images:* — the pictures the store keeps.</summary>
public sealed class ImagesOptions
{
    /// <summary>An unreferenced upload younger than this is kept (an admin's form may still be open); at least 1.</summary>
    public int UnusedGraceHours { get; set; } = 24;
}
