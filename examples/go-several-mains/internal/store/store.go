// Package store is shared by the service and its tools.
package store

// Greeting is what the service answers.
func Greeting() string { return "hello from the shop service" }
