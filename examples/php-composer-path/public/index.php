<?php
require __DIR__ . '/../vendor/autoload.php';

[$status, $body] = (new Shop\App())->handle(parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH) ?: '/');
http_response_code($status);
header('Content-Type: text/plain');
echo $body;
