// Package greeting is a vendored dependency: no module proxy is needed.
package greeting

// Hello returns the greeting served by the example.
func Hello() string { return "hello from a vendored module" }
