<?php
// A plain PHP page: no Composer, served from the project root.
require __DIR__ . '/lib/greeting.php';

header('Content-Type: text/plain');
echo greeting(), ' (uid ', posix_getuid_or_proc(), ")\n";
