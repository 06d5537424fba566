package org.acme.words;

/** Not an entry point: dockgen must not pick it. */
final class Greeting {
    static String of(String name) {
        return "Hello, " + name;
    }
}
