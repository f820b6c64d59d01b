// Command go-oracle prints what Go itself answers, so that kruise-fn's tests
// compare the TypeScript re-implementations of Go behaviour against Go and not
// against themselves. It is built (infra/go-oracle/build.sh, `make go-oracle`)
// with the toolchain and module versions OpenKruise v1.7.4 ships with.
//
// Subcommands:
//
//	formats     writes the format vectors (strconv, encoding/json, fmt, field
//	            errors, …) as one JSON document on stdout
//	decode-pod  reads one JSON object per stdin line and writes, per line, Go's
//	            error decoding it into a core/v1 Pod as OpenKruise's pod webhook
//	            does ("" when it decodes), JSON-quoted
//	go-type     writes the decode type table of core/v1 Pod as JSON
//	encode-types writes the encode table of the types kruise-fn writes as
//	            Go does (encodeRoots) as JSON
//	encode      reads one request per stdin line (a root type and a JSON
//	            value, or a SidecarSet to hash) and writes, per line, what
//	            json.Marshal writes of the decoded value (or the hashes)
//	printable   writes the code point ranges strconv.IsPrint accepts as JSON
package main

import (
	"fmt"
	"os"
)

var subcommands = map[string]func() error{
	"formats":      writeFormats,
	"decode-pod":   decodePods,
	"go-type":      writePodGoType,
	"encode-types": writeEncodeTypes,
	"encode":       encodeValues,
	"printable":    writePrintable,
}

func main() {
	if len(os.Args) != 2 || subcommands[os.Args[1]] == nil {
		fmt.Fprintln(os.Stderr, "usage: go-oracle formats|decode-pod|go-type|encode-types|encode|printable")
		os.Exit(2)
	}
	if err := subcommands[os.Args[1]](); err != nil {
		fmt.Fprintln(os.Stderr, "go-oracle:", err)
		os.Exit(1)
	}
}
