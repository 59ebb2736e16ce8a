using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.Orders;
using AmazingStore.Tests.StoreApi;

namespace AmazingStore.Tests.Images;

/// <summary>Issue 19 item 9: pictures kept by the store — uploaded by an admin, served with immutable caching.</summary>
public sealed class ImageUploadTests
{
    private const long Admin = Shop.AdminTelegramId;

    /// <summary>A real 1×1 PNG (signature, IHDR, IDAT, IEND).</summary>
    internal static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    internal static async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(StoreHost host, long telegramId, byte[] bytes,
        string fileName, string claimedType = "image/png")
    {
        var req = new HttpRequestMessage(HttpMethod.Post, "/api/admin/images");
        req.Headers.Authorization = new AuthenticationHeaderValue("tma", InitData.For(telegramId));
        // As a careful uploader does: the headers go first, and a body the store refuses by its length (413) is never sent.
        // Without it the store's early 413 closes the connection while a 4 MB body is still being written (broken pipe).
        req.Headers.ExpectContinue = true;
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue(claimedType);
        req.Content = new MultipartFormDataContent { { part, "file", fileName } };
        return await Shop.SendAsync(host, req);
    }

    [Fact]
    public async Task A_png_upload_is_201_and_served_back_byte_for_byte_with_immutable_caching_and_an_etag()
    {
        await using var host = await Shop.StartAsync();
        var (status, body) = await UploadAsync(host, Admin, Png, "photo.png");
        Assert.Equal(HttpStatusCode.Created, status);
        var url = body.GetProperty("url").GetString()!;
        Assert.Matches("^/images/[0-9a-f]{32}\\.png$", url);
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM store_images WHERE content_type = 'image/png'"));

        // As an <img> asks for it: no Authorization header.
        using var get = await host.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(Png, await get.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", get.Headers.NonValidated["Cache-Control"].ToString());
        Assert.Equal("nosniff", Assert.Single(get.Headers.GetValues("X-Content-Type-Options")));
        var etag = get.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);

        var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(etag);
        using (var notModified = await host.Client.SendAsync(again)) Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        // The other extension, a malformed id and an unknown id are all 404: one URL per picture.
        foreach (var wrong in new[] { url[..^3] + "jpg", "/images/not-an-id.png", "/images/" + Guid.NewGuid().ToString("N") + ".png" })
        {
            using var miss = await host.Client.GetAsync(wrong);
            Assert.True(miss.StatusCode == HttpStatusCode.NotFound, $"{wrong} → {(int)miss.StatusCode}");
        }

        // The site path passes the image_url rule of banners and categories.
        var (banner, _) = await Shop.AsAsync(host, Admin, HttpMethod.Post, "/api/admin/banners", new { title_uz = "Aksiya", image_url = url, sort_order = 1 });
        Assert.Equal(HttpStatusCode.Created, banner);
        var (category, _) = await Shop.AsAsync(host, Admin, HttpMethod.Post, "/api/admin/categories", new { name_uz = "Kiyim", image_url = url, icon = "👕" });
        Assert.Equal(HttpStatusCode.Created, category);
    }

    [Fact]
    public async Task Jpeg_and_webp_are_told_by_their_bytes_whatever_the_name_says()
    {
        await using var host = await Shop.StartAsync();
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 0xFF, 0xD9];
        var (s1, b1) = await UploadAsync(host, Admin, jpeg, "picture.png", "image/png");
        Assert.Equal(HttpStatusCode.Created, s1);
        Assert.EndsWith(".jpg", b1.GetProperty("url").GetString());
        byte[] webp = [.. "RIFF"u8, 4, 0, 0, 0, .. "WEBPVP8 "u8, 0, 0, 0, 0];
        var (s2, b2) = await UploadAsync(host, Admin, webp, "x.bin", "application/octet-stream");
        Assert.Equal(HttpStatusCode.Created, s2);
        var url = b2.GetProperty("url").GetString()!;
        Assert.EndsWith(".webp", url);
        using var get = await host.Client.GetAsync(url);
        Assert.Equal("image/webp", get.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_text_file_named_png_a_file_too_large_and_a_non_admin_are_refused_and_nothing_is_stored()
    {
        await using var host = await Shop.StartAsync();
        var (text, textBody) = await UploadAsync(host, Admin, "<script>alert(1)</script>"u8.ToArray(), "evil.png");
        Assert.Equal((HttpStatusCode.BadRequest, "unsupported_image"), (text, textBody.GetProperty("code").GetString()));

        var big = new byte[2 * 1024 * 1024 + 1];
        Png.CopyTo(big, 0);
        var (tooBig, bigBody) = await UploadAsync(host, Admin, big, "big.png");
        Assert.Equal((HttpStatusCode.BadRequest, "image_too_large"), (tooBig, bigBody.GetProperty("code").GetString()));
        // Far past the limit the body itself is refused before it is read.
        var (huge, hugeBody) = await UploadAsync(host, Admin, new byte[4 * 1024 * 1024], "huge.png");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge);
        Assert.Equal("image_too_large", hugeBody.GetProperty("code").GetString());

        var (stranger, _) = await UploadAsync(host, 6001, Png, "photo.png");
        Assert.Equal(HttpStatusCode.Forbidden, stranger);
        var (empty, emptyBody) = await UploadAsync(host, Admin, [], "empty.png");
        Assert.Equal((HttpStatusCode.BadRequest, "validation_failed"), (empty, emptyBody.GetProperty("code").GetString()));
        var (json, _) = await Shop.AsAsync(host, Admin, HttpMethod.Post, "/api/admin/images", new { url = "x" });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json);
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM store_images"));
    }
}
