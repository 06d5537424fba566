<?php
namespace Acme\Greeter;

final class Greeter
{
    public function hello(string $who): string
    {
        return "hello from {$who}, through a Composer path repository";
    }
}
