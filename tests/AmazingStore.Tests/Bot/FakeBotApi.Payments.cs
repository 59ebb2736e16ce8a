using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace AmazingStore.Tests.Bot;

/// <summary>
/// Telegram Payments on the fake (https://core.telegram.org/bots/api#payments, /bots/payments): createInvoiceLink
/// answers a link (a string result) and remembers the invoice; answerPreCheckoutQuery and refundStarPayment answer
/// <c>true</c>. What Telegram refuses is refused with a 400 envelope: title 1–32 characters, description 1–255,
/// payload 1–128 bytes, prices present with a positive total, a provider token for fiat, and for XTR an empty
/// provider token and exactly one price; an unknown, answered or expired (10 s) query id; ok:false without an
/// error_message; an unknown or refunded Stars charge. Like Telegram, it sends pre_checkout_query and the
/// successful_payment message to the store's webhook, and goes on to the payment only after an ok answer.
/// </summary>
public sealed partial class FakeBotApi
{
    public sealed record Invoice(string Link, string Title, string Description, string Payload, string Currency, string? ProviderToken,
        IReadOnlyList<(string Label, long Amount)> Prices)
    {
        public long Total => Prices.Sum(p => p.Amount);
    }

    /// <param name="Answered">False when no answer came within Telegram's 10 s.</param>
    public sealed record PreCheckoutAnswer(bool Answered, bool Ok, string? ErrorMessage, TimeSpan After);

    private sealed record PendingQuery(Stopwatch Since, TaskCompletionSource<PreCheckoutAnswer> Answer);

    public static readonly TimeSpan PreCheckoutDeadline = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Invoice> _invoices = new();
    private readonly ConcurrentDictionary<string, PendingQuery> _queries = new();
    /// <summary>Stars charges delivered: charge id → (payer, refunded).</summary>
    private readonly ConcurrentDictionary<string, (long Payer, bool Refunded)> _starCharges = new();
    private int _invoiceSeq;
    private static readonly HttpClient Webhook = new() { Timeout = TimeSpan.FromSeconds(10) };

    public IReadOnlyList<Invoice> Invoices => _invoices.Values.OrderBy(i => i.Link, StringComparer.Ordinal).ToList();

    public Invoice InvoiceFor(string link) => _invoices.TryGetValue(link, out var i) ? i : throw new KeyNotFoundException("No invoice " + link);

    private JsonNode CreateInvoiceLink(JsonObject body)
    {
        var link = $"https://t.me/$invoice{Interlocked.Increment(ref _invoiceSeq)}x{Guid.NewGuid():N}";
        var prices = body["prices"]!.AsArray().Select(p => (p!["label"]!.GetValue<string>(), p["amount"]!.GetValue<long>())).ToList();
        _invoices[link] = new Invoice(link, body["title"]!.GetValue<string>(), body["description"]!.GetValue<string>(),
            body["payload"]!.GetValue<string>(), body["currency"]!.GetValue<string>(), body["provider_token"]?.GetValue<string>(), prices);
        return JsonValue.Create(link);
    }

    private string? RefusePayment(string method, JsonObject body)
    {
        switch (method)
        {
            case "createInvoiceLink":
            {
                var title = Str(body, "title");
                var description = Str(body, "description");
                var payload = Str(body, "payload");
                var currency = Str(body, "currency");
                var token = Str(body, "provider_token") ?? "";
                if (title is not { Length: >= 1 and <= 32 }) return "Bad Request: INVOICE_TITLE_INVALID";
                if (description is not { Length: >= 1 and <= 255 }) return "Bad Request: INVOICE_DESCRIPTION_INVALID";
                if (payload is null || Encoding.UTF8.GetByteCount(payload) is < 1 or > 128) return "Bad Request: INVOICE_PAYLOAD_INVALID";
                if (currency is not { Length: 3 }) return "Bad Request: CURRENCY_INVALID";
                if (body["prices"] is not JsonArray { Count: > 0 } prices
                    || prices.Any(p => p?["label"] is null || p["amount"] is not JsonValue a || !a.TryGetValue<long>(out _)))
                    return "Bad Request: PRICES_INVALID";
                if (prices.Sum(p => p!["amount"]!.GetValue<long>()) <= 0) return "Bad Request: CURRENCY_TOTAL_AMOUNT_INVALID";
                if (currency == "XTR")
                {
                    if (token.Length > 0) return "Bad Request: PROVIDER_TOKEN_INVALID";
                    if (prices.Count != 1) return "Bad Request: STARS_INVOICE_INVALID";
                }
                else if (token.Length == 0) return "Bad Request: PAYMENT_PROVIDER_INVALID";
                return null;
            }
            case "answerPreCheckoutQuery":
            {
                var id = Str(body, "pre_checkout_query_id");
                var ok = body["ok"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
                var error = Str(body, "error_message");
                if (id is null || !_queries.TryGetValue(id, out var query) || query.Answer.Task.IsCompleted
                    || query.Since.Elapsed > PreCheckoutDeadline)
                    return "Bad Request: query is too old and response timeout expired or query ID is invalid";
                if (!ok && string.IsNullOrEmpty(error)) return "Bad Request: ERROR_MESSAGE_EMPTY";
                query.Answer.TrySetResult(new PreCheckoutAnswer(true, ok, ok ? null : error, query.Since.Elapsed));
                return null;
            }
            case "refundStarPayment":
            {
                var charge = Str(body, "telegram_payment_charge_id");
                var user = body["user_id"] is JsonValue u && u.TryGetValue<long>(out var uid) ? uid : 0;
                if (charge is null || !_starCharges.TryGetValue(charge, out var paid) || paid.Payer != user) return "Bad Request: CHARGE_NOT_FOUND";
                if (paid.Refunded) return "Bad Request: CHARGE_ALREADY_REFUNDED";
                _starCharges[charge] = (paid.Payer, true);
                return null;
            }
            default:
                return null;
        }
    }

    private static string? Str(JsonObject body, string name) => body[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>
    /// Like Telegram when the payer confirms: a pre_checkout_query to the webhook, then waits (at most 10 s) for
    /// answerPreCheckoutQuery.
    /// </summary>
    public async Task<PreCheckoutAnswer> SendPreCheckoutAsync(Uri webhook, string secret, long payerId, string currency, long totalAmount,
        string payload, string language = "uz")
    {
        var id = "pcq" + Guid.NewGuid().ToString("N")[..12];
        var pending = new PendingQuery(Stopwatch.StartNew(), new TaskCompletionSource<PreCheckoutAnswer>(TaskCreationOptions.RunContinuationsAsynchronously));
        _queries[id] = pending;
        var update = new JsonObject
        {
            ["update_id"] = BotTestKit.NextUpdateId(),
            ["pre_checkout_query"] = new JsonObject
            {
                ["id"] = id,
                ["from"] = Payer(payerId, language),
                ["currency"] = currency,
                ["total_amount"] = totalAmount,
                ["invoice_payload"] = payload,
            },
        };
        await PostAsync(webhook, secret, update);
        var done = await Task.WhenAny(pending.Answer.Task, Task.Delay(PreCheckoutDeadline));
        return done == pending.Answer.Task ? pending.Answer.Task.Result : new PreCheckoutAnswer(false, false, null, pending.Since.Elapsed);
    }

    /// <summary>The payment message Telegram sends after an approved pre-checkout (charge ids made up unless given).</summary>
    public async Task<string> SendSuccessfulPaymentAsync(Uri webhook, string secret, long payerId, string currency, long totalAmount,
        string payload, string? telegramChargeId = null, string language = "uz", long? updateId = null)
    {
        var charge = telegramChargeId ?? "tgch_" + Guid.NewGuid().ToString("N");
        // Stars carry no provider charge id.
        var provider = currency == "XTR" ? "" : "prov_" + charge;
        if (currency == "XTR") _starCharges.TryAdd(charge, (payerId, false));
        var update = new JsonObject
        {
            ["update_id"] = updateId ?? BotTestKit.NextUpdateId(),
            ["message"] = new JsonObject
            {
                ["message_id"] = Interlocked.Increment(ref _messageId),
                ["from"] = Payer(payerId, language),
                ["chat"] = new JsonObject { ["id"] = payerId, ["type"] = "private" },
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["successful_payment"] = new JsonObject
                {
                    ["currency"] = currency,
                    ["total_amount"] = totalAmount,
                    ["invoice_payload"] = payload,
                    ["telegram_payment_charge_id"] = charge,
                    ["provider_payment_charge_id"] = provider,
                },
            },
        };
        await PostAsync(webhook, secret, update);
        return charge;
    }

    /// <summary>The whole payment of an invoice this fake issued: pre-checkout, and on ok the payment. Null charge when refused.</summary>
    public async Task<(PreCheckoutAnswer Answer, string? Charge)> PayAsync(Uri webhook, string secret, string link, long payerId, string language = "uz")
    {
        var invoice = InvoiceFor(link);
        var answer = await SendPreCheckoutAsync(webhook, secret, payerId, invoice.Currency, invoice.Total, invoice.Payload, language);
        if (!answer.Ok) return (answer, null);
        return (answer, await SendSuccessfulPaymentAsync(webhook, secret, payerId, invoice.Currency, invoice.Total, invoice.Payload, language: language));
    }

    private static JsonObject Payer(long id, string language) =>
        new() { ["id"] = id, ["is_bot"] = false, ["first_name"] = "Payer", ["language_code"] = language };

    private static async Task PostAsync(Uri webhook, string secret, JsonObject update)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook) { Content = JsonContent.Create(update) };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        using var reply = await Webhook.SendAsync(request);
        reply.EnsureSuccessStatusCode();
    }
}
