package com.example.batch;

public class Batch {
    public static void main(String[] args) {
        System.out.println("batch done");
    }
}
