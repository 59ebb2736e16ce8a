namespace AmazingStore.Web.Cart;

/// <summary>A cart line: PriceSnapshot is the price when it was last set, Price the display price now.</summary>
public sealed record CartLineReply(int Id, int ProductId, string Name, string Sku, string? Image, int Quantity,
    decimal PriceSnapshot, decimal Price, int Available);

public sealed record CartReply(IReadOnlyList<CartLineReply> Items, decimal Subtotal);

public sealed record SetCartLineRequest(int? ProductId, int? Quantity);

public sealed record CartQuantityRequest(int? Quantity);
