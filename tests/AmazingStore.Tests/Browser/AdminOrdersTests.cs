using System.Text.Json;
using System.Text.Json.Nodes;
using AmazingStore.Data.Orders;
using AmazingStore.Tests.Orders;
using AmazingStore.Tests.StoreApi;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AmazingStore.Tests.Browser;

/// <summary>The admin's order buttons are the API's next_statuses (the server's state machine), not a table of the Mini App's own.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminOrdersTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Order_buttons_are_the_apis_next_statuses_and_follow_each_move()
    {
        await using var host = await Shop.StartAsync();
        var product = await Shop.ProductAsync(host, "BTN-1", 10_000, 10);
        const long customer = 7401;
        var ids = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            await Shop.FillCartAsync(new Shopper(host, customer), (product, 1));
            ids.Add((await Shop.PlaceAsync(host, customer)).Body.GetProperty("id").GetInt32());
        }
        var (moving, tampered) = (ids[0], ids[1]);

        var initData = TelegramStub.InitData(Shop.AdminTelegramId, "Ali", "Admin", "uz");
        await using var s = await browser.OpenAsync(host, initScript: TelegramStub.Script(initData, Shop.AdminTelegramId, "Ali", "Admin", "uz"));
        // The list as the API sends it, except that one pending order is offered only "delivered": a Mini App with
        // its own table would still show confirm and cancel there.
        await s.Page.RouteAsync("**/api/admin/orders?*", async route =>
        {
            var reply = await route.FetchAsync();
            var body = JsonNode.Parse(await reply.TextAsync())!;
            foreach (var o in body["items"]!.AsArray())
                if (o!["id"]!.GetValue<int>() == tampered) o["next_statuses"] = new JsonArray("delivered");
            await route.FulfillAsync(new() { Response = reply, Body = body.ToJsonString() });
        });
        await s.Page.GotoAsync("/#/admin");

        ILocator Buttons(int id) => s.Page.Locator($"[data-testid=admin-order][data-order-id='{id}'] [data-testid=admin-order-action]");
        async Task ExpectButtonsAsync(int id, IReadOnlyList<string> statuses)
        {
            await Expect(Buttons(id)).ToHaveCountAsync(statuses.Count);
            for (var i = 0; i < statuses.Count; i++) await Expect(Buttons(id).Nth(i)).ToHaveAttributeAsync("data-status", statuses[i]);
        }
        await ExpectButtonsAsync(tampered, ["delivered"]);
        await ExpectButtonsAsync(moving, OrderStateMachine.Next("pending"));

        // Each press moves the order and the next buttons are those of the PATCH reply, down to none.
        foreach (var (press, now) in new[] { ("confirmed", "confirmed"), ("shipped", "shipped"), ("delivered", "delivered") })
        {
            await Buttons(moving).And(s.Page.Locator($"[data-status='{press}']")).ClickAsync();
            await ExpectButtonsAsync(moving, OrderStateMachine.Next(now));
            await Expect(s.Page.Locator($"[data-testid=admin-order][data-order-id='{moving}'] [data-testid=order-status]")).ToHaveAttributeAsync("data-status", now);
        }
        Assert.Equal("delivered", await host.ScalarAsync<string>("SELECT status FROM orders WHERE id = $1", moving));
        Assert.Equal("pending", await host.ScalarAsync<string>("SELECT status FROM orders WHERE id = $1", tampered));
        s.AssertClean();
    }

    [Fact]
    public async Task The_customers_cancel_button_is_the_apis_can_cancel()
    {
        await using var host = await Shop.StartAsync();
        var product = await Shop.ProductAsync(host, "BTN-2", 10_000, 10);
        const long customer = 7402;
        await Shop.FillCartAsync(new Shopper(host, customer), (product, 1));
        var id = (await Shop.PlaceAsync(host, customer)).Body.GetProperty("id").GetInt32();

        var initData = TelegramStub.InitData(customer, "Vali", "Mijoz", "uz");
        await using var s = await browser.OpenAsync(host, initScript: TelegramStub.Script(initData, customer, "Vali", "Mijoz", "uz"));
        await s.Page.GotoAsync($"/#/orders/{id}");
        await Expect(s.ById("order-cancel")).ToBeVisibleAsync();

        // Shipped: the state machine allows no cancel, and the page offers none.
        foreach (var next in new[] { "confirmed", "shipped" })
            Assert.Equal(System.Net.HttpStatusCode.OK, (await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Patch, $"/api/admin/orders/{id}", new { status = next })).Status);
        await s.Page.ReloadAsync();
        await Expect(s.ById("order-status")).ToHaveAttributeAsync("data-status", "shipped");
        await Expect(s.ById("order-cancel")).ToHaveCountAsync(0);

        // And when the API says it may be cancelled, the button is there whatever the status (no table in the page).
        await s.Page.RouteAsync($"**/api/orders/{id}", async route =>
        {
            var reply = await route.FetchAsync();
            var body = JsonNode.Parse(await reply.TextAsync())!;
            body["can_cancel"] = true;
            await route.FulfillAsync(new() { Response = reply, Body = body.ToJsonString() });
        });
        await s.Page.ReloadAsync();
        await Expect(s.ById("order-cancel")).ToBeVisibleAsync();
        s.AssertClean();
    }
}
