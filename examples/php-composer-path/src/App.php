<?php
namespace Shop;

use Acme\Greeter\Greeter;

final class App
{
    public function handle(string $path): array
    {
        if ($path === '/') {
            // ext-intl, which composer.json requires: installed in the runtime image.
            $stock = (new \NumberFormatter('en_US', \NumberFormatter::DECIMAL))->format(1234.5);
            return [200, (new Greeter())->hello('the shop') . "\n{$stock} items in stock\n"];
        }
        return [404, "not found\n"];
    }
}
