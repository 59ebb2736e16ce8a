using System.Security.Cryptography;
using AmazingStore.Data;
using AmazingStore.Data.Images;
using AmazingStore.Web.Auth;
using AmazingStore.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace AmazingStore.Web.Images;

public sealed record ImageUploadReply(string Url, string ContentType, int Size);

/// <summary>
/// Pictures kept by the store (issue 19 item 9): an admin uploads one (POST /api/admin/images, multipart
/// <c>file</c>) and gets a site path (/images/{id}.{ext}) to put in a banner's, category's or product's image_url.
/// Images never change after upload, so they are served with year-long immutable caching.
/// </summary>
public static class ImagesApi
{
    public const int MaxBytes = 2 * 1024 * 1024;
    // Room for the multipart framing around a file at the limit, so a slightly larger file gets a clear 400.
    private const long MaxRequestBytes = MaxBytes + 256 * 1024;
    private const string Immutable = "public, max-age=31536000, immutable";

    public static void MapImages(this WebApplication app)
    {
        app.MapGroup("/api/admin/images").RequireAdmin().WithTags("Admin: images")
            .MapPost("/", Upload).WithName("AdminUploadImage")
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes));
        app.MapGroup("/images").WithTags("Images")
            .MapMethods("/{name}", [HttpMethods.Get, HttpMethods.Head], Get).WithName("GetImage");
    }

    private static async Task<Results<Created<ImageUploadReply>, ProblemHttpResult>> Upload(
        HttpRequest request, Customer who, StoreDb db, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            return Problems.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Send multipart/form-data",
                "Upload the picture as the multipart part named file.");
        IFormCollection form;
        try { form = await request.ReadFormAsync(ct); }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(StatusCodes.Status413PayloadTooLarge);
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !ct.IsCancellationRequested)
        {
            return Problems.Validation("file", "The multipart body cannot be read: " + e.Message);
        }
        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0) return Problems.Validation("file", "Send the picture as the multipart part named file.");
        if (file.Length > MaxBytes) return TooLarge(StatusCodes.Status400BadRequest);

        var bytes = new byte[file.Length];
        await using (var input = file.OpenReadStream()) await input.ReadExactlyAsync(bytes, ct);
        if (ImageFormat.Sniff(bytes) is not { } format)
            return Problems.Of(StatusCodes.Status400BadRequest, "unsupported_image", "Not a JPEG, PNG or WebP picture",
                "The file's contents are not a JPEG, PNG or WebP image (its name does not count).");

        var image = new StoreImage
        {
            Id = Guid.CreateVersion7(),
            ContentType = format.ContentType,
            Extension = format.Extension,
            Bytes = bytes,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            UploadedBy = who.UserId,
        };
        db.Set<StoreImage>().Add(image);
        await db.SaveChangesAsync(ct);
        var url = UrlOf(image.Id, format);
        return TypedResults.Created(url, new ImageUploadReply(url, format.ContentType, bytes.Length));
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> Get(string name, HttpResponse response, StoreDb db, CancellationToken ct)
    {
        // One URL per image: the compact id and the extension it was stored with.
        var dot = name.IndexOf('.');
        if (dot != 32 || !Guid.TryParseExact(name[..dot], "N", out var id) || ImageFormat.ByExtension(name[(dot + 1)..]) is not { } format)
            return TypedResults.NotFound();
        var image = await db.Set<StoreImage>().AsNoTracking()
            .Where(i => i.Id == id && i.Extension == format.Extension)
            .Select(i => new { i.Bytes, i.Sha256, i.CreatedAt })
            .FirstOrDefaultAsync(ct);
        if (image is null) return TypedResults.NotFound();
        response.Headers.CacheControl = Immutable;
        response.Headers.XContentTypeOptions = "nosniff";
        // The result answers If-None-Match with 304 itself.
        return TypedResults.File(image.Bytes, format.ContentType,
            entityTag: new EntityTagHeaderValue('"' + image.Sha256 + '"'), lastModified: image.CreatedAt);
    }

    public static string UrlOf(Guid id, ImageFormat format) => $"/images/{id:N}.{format.Extension}";

    private static ProblemHttpResult TooLarge(int status) =>
        Problems.Of(status, "image_too_large", "The picture is too large", $"A picture may be at most {MaxBytes / 1024 / 1024} MB.");
}
