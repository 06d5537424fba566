<?php
namespace Shop;

use Acme\Greeter\Greeter;

final class App
{
    public function handle(string $path): array
    {
        if ($path === '/') {
            return [200, (new Greeter())->hello('the shop') . "\n"];
        }
        return [404, "not found\n"];
    }
}
