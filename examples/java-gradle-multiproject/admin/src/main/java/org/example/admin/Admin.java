package org.example.admin;

public class Admin {
    public static void main(String[] args) {
        System.out.println("admin task done");
    }
}
