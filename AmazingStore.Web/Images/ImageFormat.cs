namespace AmazingStore.Web.Images;

/// <summary>
/// The kinds of picture the store keeps, told by their first bytes — never by the file's name or the type the
/// client claims, so a script renamed .png is refused rather than served as an image.
/// </summary>
public sealed record ImageFormat(string ContentType, string Extension)
{
    public static readonly ImageFormat Jpeg = new("image/jpeg", "jpg");
    public static readonly ImageFormat Png = new("image/png", "png");
    public static readonly ImageFormat Webp = new("image/webp", "webp");

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static ImageFormat? Sniff(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith(PngSignature)) return Png;
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return Jpeg;
        // RIFF <size> WEBP
        if (b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8)) return Webp;
        return null;
    }

    public static ImageFormat? ByExtension(string ext) => ext switch
    {
        "jpg" => Jpeg,
        "png" => Png,
        "webp" => Webp,
        _ => null,
    };
}
