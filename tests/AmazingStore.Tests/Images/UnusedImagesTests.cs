using System.Net;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.Orders;
using AmazingStore.Web.Images;
using Microsoft.Extensions.DependencyInjection;

namespace AmazingStore.Tests.Images;

/// <summary>Issue 19 item 9: uploads nothing points at are removed after a grace period by a daily Hangfire job.</summary>
public sealed class UnusedImagesTests
{
    private const long Admin = Shop.AdminTelegramId;

    private static async Task<string> UploadAsync(StoreHost host, string name)
    {
        var (status, body) = await ImageUploadTests.UploadAsync(host, Admin, ImageUploadTests.Png, name);
        Assert.Equal(HttpStatusCode.Created, status);
        return body.GetProperty("url").GetString()!;
    }

    private static Guid IdOf(string url) => Guid.ParseExact(url["/images/".Length..url.IndexOf('.')], "N");

    private static async Task<HttpStatusCode> ServedAsync(StoreHost host, string url)
    {
        using var get = await host.Client.GetAsync(url);
        return get.StatusCode;
    }

    [Fact]
    public async Task Only_unreferenced_uploads_past_the_grace_period_are_removed_and_the_job_is_scheduled_daily()
    {
        await using var host = await Shop.StartAsync();
        var forProduct = await UploadAsync(host, "product.png");
        var forBanner = await UploadAsync(host, "banner.png");
        var unused = await UploadAsync(host, "abandoned.png");
        // The other places a picture's path can be: a category's icon, and an absolute URL to this store.
        var forIcon = await UploadAsync(host, "icon.png");
        var forCategory = await UploadAsync(host, "category.png");

        var product = await Shop.ProductAsync(host, "IMG-1", 10_000, 1);
        await host.ScalarAsync<int>("UPDATE products SET image_url = $1 WHERE id = $2 RETURNING id", forProduct, product);
        var (banner, _) = await Shop.AsAsync(host, Admin, HttpMethod.Post, "/api/admin/banners", new { title_uz = "Aksiya", image_url = forBanner, sort_order = 1 });
        Assert.Equal(HttpStatusCode.Created, banner);
        var (category, _) = await Shop.AsAsync(host, Admin, HttpMethod.Post, "/api/admin/categories",
            new { name_uz = "Kiyim", icon = forIcon, image_url = "https://shop.example.uz" + forCategory });
        Assert.Equal(HttpStatusCode.Created, category);

        // All of them uploaded well before the 24-hour grace period, the first one a year ago.
        Guid[] aged = [IdOf(forProduct), IdOf(forBanner), IdOf(unused), IdOf(forIcon), IdOf(forCategory)];
        Assert.Equal(5L, await host.ScalarAsync<long>(
            "WITH u AS (UPDATE store_images SET created_at = now() - interval '25 hours' WHERE id = ANY($1) RETURNING 1) SELECT count(*) FROM u", aged));
        await host.ScalarAsync<int>("UPDATE store_images SET created_at = now() - interval '365 days' WHERE id = $1 RETURNING 1", IdOf(forProduct));
        // A fresh upload nothing points at yet: a form still open.
        var fresh = await UploadAsync(host, "in-progress.png");
        await host.ScalarAsync<int>("UPDATE store_images SET created_at = now() - interval '23 hours' WHERE id = $1 RETURNING 1", IdOf(fresh));

        var job = host.Services.GetRequiredService<UnusedImagesJob>();
        Assert.Equal(1, await job.RunAsync(CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, await ServedAsync(host, unused));
        foreach (var kept in new[] { forProduct, forBanner, forIcon, forCategory, fresh })
            Assert.True(await ServedAsync(host, kept) == HttpStatusCode.OK, $"{kept} should still be served");
        Assert.Equal(5L, await host.ScalarAsync<long>("SELECT count(*) FROM store_images"));

        // A second run (another instance, a retry) finds nothing more.
        Assert.Equal(0, await job.RunAsync(CancellationToken.None));

        // Once the banner is gone its picture is unused, and old enough to go.
        var bannerId = await host.ScalarAsync<int>("SELECT id FROM banners");
        var (deleted, _) = await Shop.AsAsync(host, Admin, HttpMethod.Delete, $"/api/admin/banners/{bannerId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted);
        Assert.Equal(1, await job.RunAsync(CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, await ServedAsync(host, forBanner));
        Assert.Equal(HttpStatusCode.OK, await ServedAsync(host, forProduct));

        // Registered in Hangfire's storage, which every instance shares: daily, at 03:00 Tashkent.
        var recurring = await RecurringJobs.FindAsync(host, UnusedImagesJob.RecurringJobId);
        Assert.NotNull(recurring);
        Assert.Equal("0 22 * * *", recurring!.Cron);
        Assert.Equal(nameof(UnusedImagesJob.RunAsync), recurring.Job.Method.Name);
        Assert.Equal(typeof(UnusedImagesJob), recurring.Job.Type);
    }

    [Fact]
    public async Task The_grace_period_comes_from_Images_UnusedGraceHours()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["Telegram:AdminIds:0"] = Admin.ToString(),
            ["Images:UnusedGraceHours"] = "2",
        });
        var older = await UploadAsync(host, "older.png");
        var younger = await UploadAsync(host, "younger.png");
        await host.ScalarAsync<int>("UPDATE store_images SET created_at = now() - interval '3 hours' WHERE id = $1 RETURNING 1", IdOf(older));
        await host.ScalarAsync<int>("UPDATE store_images SET created_at = now() - interval '90 minutes' WHERE id = $1 RETURNING 1", IdOf(younger));

        Assert.Equal(1, await host.Services.GetRequiredService<UnusedImagesJob>().RunAsync(CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, await ServedAsync(host, older));
        Assert.Equal(HttpStatusCode.OK, await ServedAsync(host, younger));
    }
}
