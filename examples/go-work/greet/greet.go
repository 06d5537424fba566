// Package greet is a library module shared by the workspace's services.
package greet

import "fmt"

// Hello says hello to who.
func Hello(who string) string {
	return fmt.Sprintf("hello %s from the go.work workspace", who)
}
