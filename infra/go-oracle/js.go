package main

import (
	"fmt"
	"unicode/utf16"
)

// js is a JavaScript string: UTF-16 code units, lone surrogates allowed. It
// marshals as a JSON string of \u escapes, so JSON.parse gives back exactly
// these code units.
//
// The Go string a JavaScript string stands for is the one Go's JSON decoder
// produces from the same JSON text: every lone surrogate becomes U+FFFD (Go
// decodes a "\ud800" escape so; utf16.Decode does the same, and so do Node's
// Buffer.from and TextEncoder). Both sides decode the same request bytes, so
// this is the string OpenKruise holds where kruise-fn holds the JS string.
type js []uint16

func (s js) MarshalJSON() ([]byte, error) {
	b := []byte{'"'}
	for _, u := range s {
		switch {
		case u == '"' || u == '\\':
			b = append(b, '\\', byte(u))
		case u >= 0x20 && u < 0x7f:
			b = append(b, byte(u))
		default:
			b = append(b, fmt.Sprintf(`\u%04x`, u)...)
		}
	}
	return append(b, '"'), nil
}

// goString is the Go string s stands for (see js).
func (s js) goString() string { return string(utf16.Decode(s)) }

// jsOf is the JavaScript string of a valid Go string.
func jsOf(s string) js { return utf16.Encode([]rune(s)) }

// jsRune is the JavaScript string of one code point; a surrogate code point
// is a lone surrogate code unit.
func jsRune(r rune) js {
	if r >= 0xd800 && r <= 0xdfff {
		return js{uint16(r)}
	}
	return utf16.Encode([]rune{r})
}
