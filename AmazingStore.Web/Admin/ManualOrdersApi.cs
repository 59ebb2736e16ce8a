using AmazingStore.Data;
using AmazingStore.Data.Orders;
using AmazingStore.Web.Infrastructure;
using AmazingStore.Web.Orders;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AmazingStore.Web.Admin;

public sealed record ManualOrderLine(int? ProductId, int? Quantity);

public sealed record ManualOrderRequest(string? CustomerName, string? CustomerPhone, string? DeliveryAddress, string? DeliveryNotes,
    List<ManualOrderLine>? Items);

/// <summary>
/// Orders taken by phone (issue 19 item 6): source <c>manual</c>, on the own store's channel, placed through
/// <see cref="OrderWorkflow.PlaceAsync"/> like every other order, so they reserve stock through the ledger,
/// are refused whole when a line is short, and tell the owner through the outbox.
/// </summary>
public static class ManualOrdersApi
{
    private const int MaxLines = 100;
    private const int MaxQuantity = 10_000;
    private const string OwnStore = "amazing-store";

    public static void MapManualOrders(this RouteGroupBuilder admin) =>
        admin.MapPost("/orders", Create).WithTags("Admin: orders").WithName("AdminCreateManualOrder");

    private static async Task<Results<Created<AdminOrderReply>, ProblemHttpResult>> Create(ManualOrderRequest? body, StoreDb db, CancellationToken ct)
    {
        if (body is null) return Problems.Validation("body", "Send the order as JSON.");
        var v = new Validation();
        v.Required("customer_name", body.CustomerName, 255);
        var phone = Phone.Normalize(body.CustomerPhone);
        if (string.IsNullOrEmpty(phone)) v.Add("customer_phone", "customer_phone is required.");
        else if (!Phone.IsValid(phone)) v.Add("customer_phone", "customer_phone " + Phone.Rule);
        v.Text("delivery_address", body.DeliveryAddress, 1000);
        v.Text("delivery_notes", body.DeliveryNotes, 1000);
        var items = body.Items ?? [];
        if (items.Count is 0 or > MaxLines) v.Add("items", $"items must hold 1 to {MaxLines} lines.");
        for (var i = 0; i < items.Count && i < MaxLines; i++)
        {
            if (items[i].ProductId is not > 0) v.Add($"items[{i}].product_id", "product_id is required.");
            if (items[i].Quantity is not (> 0 and <= MaxQuantity)) v.Add($"items[{i}].quantity", $"quantity must be from 1 to {MaxQuantity}.");
        }
        if (items.Select(l => l.ProductId).Distinct().Count() != items.Count) v.Add("items", "each product at most once.");
        if (!v.Ok) return Problems.Validation(v.Errors);

        var ids = items.Select(l => l.ProductId!.Value).ToList();
        var known = await db.Products.Where(p => ids.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
        for (var i = 0; i < items.Count; i++)
            if (!known.Contains(ids[i])) v.Add($"items[{i}].product_id", "not a known product.");
        if (!v.Ok) return Problems.Validation(v.Errors);

        var result = await OrderWorkflow.PlaceAsync(db, new NewOrder(
            Source: OrderSources.Manual,
            ChannelSlug: OwnStore,
            Lines: items.Select(l => new NewOrderLine(l.ProductId, l.Quantity!.Value)).ToList(),
            CustomerName: body.CustomerName!.Trim(),
            CustomerPhone: phone!,
            DeliveryAddress: string.IsNullOrWhiteSpace(body.DeliveryAddress) ? null : body.DeliveryAddress.Trim(),
            DeliveryNotes: string.IsNullOrWhiteSpace(body.DeliveryNotes) ? null : body.DeliveryNotes.Trim(),
            PaymentMethod: "cash"), ct);
        return result switch
        {
            PlaceResult.Placed placed => TypedResults.Created($"/api/admin/orders/{placed.Order.Id}", AdminOrderReply.From(placed.Order)),
            PlaceResult.OutOfStock shortage => Problems.Conflict("out_of_stock", "Some products are not available in the quantity asked for.",
                [new("items", shortage.Lines.Select(s => new ShortLineReply(s.ProductId, s.Name, s.Requested, s.Available)).ToList())]),
            _ => throw new InvalidOperationException($"Unexpected place result {result.GetType().Name}."),
        };
    }
}
