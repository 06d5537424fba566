// Package greet is a local package, reached from main through an import.
package greet

import (
	"fmt"
	"time"
)

// Message returns the greeting; it reads the time zone database.
func Message(who string) string {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return "hello from " + who + " (no tzdata: " + err.Error() + ")"
	}
	return fmt.Sprintf("hello from %s (Paris time %s)", who, time.Now().In(loc).Format("15:04"))
}
