package com.example.core;

public final class Prices {
    private Prices() {}

    public static String format(long cents) {
        return String.format("$%d.%02d", cents / 100, cents % 100);
    }
}
