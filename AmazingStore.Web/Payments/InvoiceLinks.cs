using AmazingStore.Bot.Api;
using AmazingStore.Data;
using AmazingStore.Data.Orders;
using AmazingStore.Data.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types.Payments;

namespace AmazingStore.Web.Payments;

public abstract record InvoiceLinkResult
{
    private InvoiceLinkResult() { }
    public sealed record Link(string Url) : InvoiceLinkResult;
    /// <summary>Not a card/Stars order, or no longer pending and unpaid.</summary>
    public sealed record NotPayable : InvoiceLinkResult;
    /// <summary>Telegram did not give a link (refused, unreachable, bot off): the order stays, ask again later.</summary>
    public sealed record Unavailable(string Reason) : InvoiceLinkResult;
}

/// <summary>
/// createInvoiceLink for an order (Bot API, https://core.telegram.org/bots/api#createinvoicelink): card in UZS
/// with the provider token and one price per line plus delivery, in tiyin (so'm × 100), adding up exactly to the
/// total; Stars in XTR with an empty provider token and exactly one price. The payload comes from
/// <see cref="PaymentWorkflow.ArmInvoiceAsync"/>, which also records what this invoice asks for.
/// </summary>
public sealed class InvoiceLinks(IOptions<PaymentOptions> options, IServiceProvider services, ILogger<InvoiceLinks> log)
{
    public async Task<InvoiceLinkResult> CreateAsync(StoreDb db, Order order, CancellationToken ct)
    {
        if (!PaymentMethods.IsOnline(order.PaymentMethod) || order.Status != OrderStatuses.Pending || order.PaymentStatus != PaymentStatuses.Unpaid)
            return new InvoiceLinkResult.NotPayable();
        if (services.GetService<ITelegramBotClient>() is not { } bot) return new InvoiceLinkResult.Unavailable("the bot is off");
        var o = options.Value;
        var lang = order.UserId is { } uid
            ? Bot.Commands.BotTexts.Language(await db.Users.AsNoTracking().Where(u => u.Id == uid).Select(u => u.Language).FirstOrDefaultAsync(ct))
            : "uz";
        var title = Cut(Pick(lang, $"Buyurtma {order.OrderNumber}", $"Заказ {order.OrderNumber}"), 32);
        var description = Cut(string.Join(", ", order.Items.Select(i => $"{i.ProductName} × {i.Quantity}")), 255);
        if (description.Length == 0) description = title;

        string currency, providerToken;
        List<LabeledPrice> prices;
        if (order.PaymentMethod == PaymentMethods.Stars)
        {
            if (!o.StarsEnabled || o.UzsPerStar <= 0) return new InvoiceLinkResult.Unavailable("Stars are off");
            (currency, providerToken) = (PaymentWorkflow.StarsCurrency, "");
            var stars = (long)Math.Max(1, Math.Ceiling(order.Total / o.UzsPerStar));
            prices = [new LabeledPrice(title, stars)];
        }
        else
        {
            if (string.IsNullOrWhiteSpace(o.ProviderToken)) return new InvoiceLinkResult.Unavailable("no provider token");
            (currency, providerToken) = ("UZS", o.ProviderToken);
            prices = UzsPrices(order, lang, title);
        }
        var amount = prices.Sum(p => p.Amount);
        var payload = await PaymentWorkflow.ArmInvoiceAsync(db, order.Id, currency, amount, ct);
        if (payload is null) return new InvoiceLinkResult.NotPayable();
        try
        {
            return new InvoiceLinkResult.Link(await bot.CreateInvoiceLink(title, description, payload, currency, prices,
                providerToken: providerToken, cancellationToken: ct));
        }
        catch (BotApiException e)
        {
            log.LogWarning("createInvoiceLink for order {Order} failed: {Error}", order.Id, e.Message);
            return new InvoiceLinkResult.Unavailable(e.Message);
        }
    }

    /// <summary>
    /// One price per line and one for delivery when it costs something, in tiyin. Lines are whole tiyin
    /// (numeric(…, 2)) and the total is their sum, so they add up exactly; should they ever not, one line
    /// for the whole order keeps the invoice equal to the total.
    /// </summary>
    internal static List<LabeledPrice> UzsPrices(Order order, string lang, string title)
    {
        var prices = order.Items.Select(i => new LabeledPrice(Cut($"{i.ProductName} × {i.Quantity}", 64), Tiyin(i.Subtotal))).ToList();
        if (order.DeliveryFee > 0) prices.Add(new LabeledPrice(Pick(lang, "Yetkazib berish", "Доставка"), Tiyin(order.DeliveryFee)));
        return prices.Sum(p => p.Amount) == Tiyin(order.Total) ? prices : [new LabeledPrice(title, Tiyin(order.Total))];
    }

    private static long Tiyin(decimal som) => checked((long)decimal.Round(som * 100m, 0, MidpointRounding.AwayFromZero));

    private static string Pick(string lang, string uz, string ru) => lang == "ru" ? ru : uz;

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];
}
