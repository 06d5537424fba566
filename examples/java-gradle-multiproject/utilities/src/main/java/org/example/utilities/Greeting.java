package org.example.utilities;

public final class Greeting {
    private Greeting() {}

    public static String of(String who) {
        return "hello " + who + " from the Gradle multi-project build";
    }
}
