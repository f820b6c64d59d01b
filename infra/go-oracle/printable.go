package main

import (
	"encoding/json"
	"os"
	"strconv"
	"unicode"
)

// writePrintable writes the code point ranges [from, to] that
// strconv.IsPrint accepts (what strconv.Quote leaves unescaped), with the
// Unicode version of the tables.
func writePrintable() error {
	var ranges [][2]rune
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !strconv.IsPrint(r) {
			continue
		}
		if n := len(ranges); n > 0 && ranges[n-1][1] == r-1 {
			ranges[n-1][1] = r
		} else {
			ranges = append(ranges, [2]rune{r, r})
		}
	}
	return json.NewEncoder(os.Stdout).Encode(map[string]interface{}{
		"unicode": unicode.Version,
		"ranges":  ranges,
	})
}
