// A cgo program: the binary links the C library, so it needs a libc runtime.
package main

/*
#include <unistd.h>
static int answer(void) { return 42; }
*/
import "C"

import (
	"fmt"
	"log"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello from cgo: answer %d, pid %d\n", int(C.answer()), int(C.getpid()))
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
