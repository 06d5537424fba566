namespace Shop.Core;

public sealed class Catalog
{
    private readonly decimal[] _prices = [9.99m, 24.50m, 3.25m];

    public int Count => _prices.Length;

    public decimal Total => _prices.Sum();
}
