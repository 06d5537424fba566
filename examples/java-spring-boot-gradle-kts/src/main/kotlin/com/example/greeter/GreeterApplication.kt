package com.example.greeter

import org.springframework.boot.autoconfigure.SpringBootApplication
import org.springframework.boot.runApplication
import org.springframework.web.bind.annotation.GetMapping
import org.springframework.web.bind.annotation.RestController

@SpringBootApplication
class GreeterApplication

@RestController
class HelloController {
    @GetMapping("/")
    fun hello() = "hello from Spring Boot and Kotlin"
}

fun main(args: Array<String>) {
    runApplication<GreeterApplication>(*args)
}
