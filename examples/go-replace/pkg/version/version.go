// Package version is a library module the services reach by a replace directive.
package version

// String is the shop's release.
func String() string { return "shop 1.4.2" }
