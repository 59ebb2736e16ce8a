using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AmazingStore.Bench;

/// <summary>
/// Card orders paid one at a time, evenly spaced: each order is placed (its invoice link from the fake Bot API), its
/// pre_checkout_query approved, then Telegram's successful_payment message goes to the webhook; measured is the time
/// from that POST to the owner's "paid" message at the fake Bot API (sent after the order is marked paid, by the outbox).
/// </summary>
public static class PaymentScenario
{
    public const string WebhookSecret = "bench-webhook-secret";

    public static async Task<Dictionary<string, double>> RunAsync(FakeBotApi bot, string baseUrl, string botToken, int orders, TimeSpan interval,
        int productCount, long firstTelegramId, TimeSpan grace)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        var latencies = new List<double>();
        int missing = 0, failed = 0;
        var random = new Random(5);
        for (var i = 0; i < orders; i++)
        {
            var customer = firstTelegramId + i;
            var auth = "tma " + InitDataForBench.Sign(customer, botToken);
            var product = 1 + random.Next(productCount);
            using (var cart = new HttpRequestMessage(HttpMethod.Post, "/api/cart") { Content = JsonContent.Create(new { product_id = product, quantity = 1 }) })
            {
                cart.Headers.TryAddWithoutValidation("Authorization", auth);
                (await http.SendAsync(cart)).Dispose();
            }
            using var place = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
            {
                Content = JsonContent.Create(new { customer_name = "Bench", customer_phone = "+998901234567", delivery_address = "Toshkent", payment_method = "card" }),
            };
            place.Headers.TryAddWithoutValidation("Authorization", auth);
            using var placed = await http.SendAsync(place);
            if ((int)placed.StatusCode != 201) { failed++; continue; }
            using var order = JsonDocument.Parse(await placed.Content.ReadAsStringAsync());
            if (!order.RootElement.TryGetProperty("invoice_link", out var link) || !bot.InvoicePayloads.TryGetValue(link.GetString()!, out var payload))
            {
                failed++;
                continue;
            }
            var number = order.RootElement.GetProperty("order_number").GetString()!;
            var amount = (long)(order.RootElement.GetProperty("total").GetDecimal() * 100);
            var from = new JsonObject { ["id"] = customer, ["is_bot"] = false, ["first_name"] = "Bench", ["language_code"] = "uz" };

            var queryId = "bench" + i;
            await PostUpdateAsync(http, new JsonObject
            {
                ["update_id"] = 800_000_000 + 2 * i,
                ["pre_checkout_query"] = new JsonObject
                {
                    ["id"] = queryId, ["from"] = from.DeepClone(), ["currency"] = "UZS", ["total_amount"] = amount, ["invoice_payload"] = payload,
                },
            });
            var until = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
            while (!bot.PreCheckoutAnswers.ContainsKey(queryId) && Stopwatch.GetTimestamp() < until) await Task.Delay(5);
            if (!bot.PreCheckoutAnswers.TryGetValue(queryId, out var ok) || !ok) { failed++; continue; }

            var t0 = Stopwatch.GetTimestamp();
            await PostUpdateAsync(http, new JsonObject
            {
                ["update_id"] = 800_000_001 + 2 * i,
                ["message"] = new JsonObject
                {
                    ["message_id"] = 1, ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["from"] = from.DeepClone(),
                    ["chat"] = new JsonObject { ["id"] = customer, ["type"] = "private" },
                    ["successful_payment"] = new JsonObject
                    {
                        ["currency"] = "UZS", ["total_amount"] = amount, ["invoice_payload"] = payload,
                        ["telegram_payment_charge_id"] = $"bench-charge-{i}", ["provider_payment_charge_id"] = $"bench-provider-{i}",
                    },
                },
            });
            var deadline = t0 + (long)(grace.TotalSeconds * Stopwatch.Frequency);
            (long Timestamp, string Text) hit = default;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                hit = bot.Messages.FirstOrDefault(m => m.Text.StartsWith("💳", StringComparison.Ordinal) && m.Text.Contains(number, StringComparison.Ordinal));
                if (hit.Text is not null) break;
                await Task.Delay(2);
            }
            if (hit.Text is null) missing++;
            else latencies.Add(Stopwatch.GetElapsedTime(t0, hit.Timestamp).TotalMilliseconds);
            await Task.Delay(interval);
        }
        latencies.Sort();
        return new()
        {
            ["payments"] = orders,
            ["missing"] = missing,
            ["failed"] = failed,
            ["p50_ms"] = CheckoutLoad.Percentile(latencies, 50),
            ["p99_ms"] = CheckoutLoad.Percentile(latencies, 99),
        };
    }

    private static async Task PostUpdateAsync(HttpClient http, JsonObject update)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = JsonContent.Create(update) };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", WebhookSecret);
        using var reply = await http.SendAsync(request);
        reply.EnsureSuccessStatusCode();
    }
}
