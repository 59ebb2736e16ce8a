// The feature folders reference each other's entities (Order -> User, Product -> InventoryItem, ...).
global using AmazingStore.Data.Cart;
global using AmazingStore.Data.Catalog;
global using AmazingStore.Data.Favorites;
global using AmazingStore.Data.Inbox;
global using AmazingStore.Data.Inventory;
global using AmazingStore.Data.Marketplaces;
global using AmazingStore.Data.Orders;
global using AmazingStore.Data.Outbox;
global using AmazingStore.Data.Security;
global using AmazingStore.Data.Users;
