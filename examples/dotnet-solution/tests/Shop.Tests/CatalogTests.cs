using Shop.Core;
using Xunit;

public class CatalogTests
{
    [Fact]
    public void CountsEveryProduct() => Assert.Equal(3, new Catalog().Count);
}
