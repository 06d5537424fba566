static class Greeting
{
    public const string Text = "hello from ASP.NET Core";
}
