package main

import (
	"strconv"
)

func quote(s string) string { return strconv.Quote(s) }

func quoteVectors() []vector {
	var out []vector
	for _, s := range corpus() {
		out = append(out, vector{"quote", s, strconv.Quote(s.goString())})
	}
	return out
}

// atoiInputs are the strings strconv.Atoi is tried on: signs, bounds of a
// 64-bit int, non-ASCII digits and the lengths around its 19-byte fast path.
var atoiInputs = []string{
	"", "0", "-0", "+0", "7", "-7", "+7", "007", "12a", "a12", " 1", "1 ", "1_000", "0x10",
	"1e3", "1.0", "+", "-", "--1", "+-1", "٣", "１", "²",
	"999999999999999999", "-999999999999999999", "1000000000000000000",
	"9223372036854775807", "9223372036854775808", "-9223372036854775808",
	"-9223372036854775809", "18446744073709551615", "18446744073709551616",
	"99999999999999999999", "000000000000000000000000001", "-00000000000000000000009",
	"9223372036854775807x", "1844674407370955161500",
}

var boolInputs = []string{
	"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False",
	"", "yes", "tRUE", " true", "2", "é",
}

func strconvVectors() []vector {
	var out []vector
	for _, s := range atoiInputs {
		n, err := strconv.Atoi(s)
		want := map[string]interface{}{"value": strconv.Itoa(n)}
		if err != nil {
			want = map[string]interface{}{"error": err.Error()}
		}
		out = append(out, vector{"atoi", jsOf(s), want})
	}
	for _, s := range boolInputs {
		b, err := strconv.ParseBool(s)
		want := map[string]interface{}{"value": b}
		if err != nil {
			want = map[string]interface{}{"error": err.Error()}
		}
		out = append(out, vector{"parseBool", jsOf(s), want})
	}
	return out
}
