namespace AmazingStore.Data.Inventory;

/// <summary>A quantity of one product to reserve, release or ship.</summary>
public sealed record StockLine(int ProductId, int Quantity);

/// <summary>A line that could not be reserved: fewer units available than requested.</summary>
public sealed record ShortLine(int ProductId, string Sku, string Name, int Requested, int Available);

/// <summary>One product's stock: on hand, reserved by unshipped orders, and what is left to sell.</summary>
public sealed record StockFigures(int ProductId, int Quantity, int Reserved, int Available);

/// <summary>Why the stock moved; lands in inventory_movements.reference_type / reference_id / marketplace_id / notes.
/// Type e.g. "order", "admin", "bot", "marketplace".</summary>
public sealed record LedgerReference(string Type, int? Id, int? MarketplaceId, string? Notes);

/// <summary>The outcome of an adjustment. Error: "not_found", "below_reserved", "negative", "invalid".</summary>
public sealed record AdjustResult(bool Ok, StockFigures Figures, string? Error);

/// <summary>On-hand stock one product is to be set to.</summary>
public sealed record StockTarget(int ProductId, int Quantity);

/// <summary>A target refused: on hand cannot go below what open orders hold reserved (nor below zero).</summary>
public sealed record StockRefusal(int ProductId, int Target, int Quantity, int Reserved);

/// <summary>A product whose inventory figures differ from the sums of its ledger rows.</summary>
public sealed record LedgerMismatch(int ProductId, int Quantity, int Reserved, int LedgerQuantity, int LedgerReserved);

/// <summary>inventory_movements.movement_type values (the table's CHECK lists the same).</summary>
public static class MovementTypes
{
    public const string Initial = "initial";
    public const string Adjustment = "adjustment";
    public const string Reserve = "reserve";
    public const string Release = "release";
    public const string Ship = "ship";
    public const string Return = "return";
    /// <summary>Returned units that cannot be sold again (damaged, used): taken off on-hand right after their 'return'.</summary>
    public const string WriteOff = "write_off";
    public const string Sync = "sync";
    /// <summary>Stock set by a catalog file import (migration 0076).</summary>
    public const string Import = "import";
}
