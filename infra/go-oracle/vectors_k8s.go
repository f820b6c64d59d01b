package main

import (
	"encoding/json"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

func init() {
	// OpenKruise's manager image has no time zone set: Local is UTC there,
	// and metav1.Time decodes into Local.
	time.Local = time.UTC
}

// timeVectors: what metav1.Time makes of a JSON string: the error
// (time.Parse(time.RFC3339, …)) or, decoded, its String() as field errors
// print it.
func timeVectors() []vector {
	var out []vector
	for _, s := range []string{
		"2026-11-25T03:40:00Z", "2026-11-25T03:40:00+02:00", "2026-11-25T03:40:00-07:30",
		"2026-11-25T03:40:00.5Z", "2026-11-25T03:40:00.123456789Z", "2026-11-25T03:40:00.000000001Z",
		"2026-11-25T03:40:00.100Z", "2024-02-29T23:59:59Z", "0001-01-01T00:00:00Z",
		"1970-01-01T00:00:00Z", "2026-01-01T00:30:00+01:00", "9999-12-31T23:59:59.999999999Z",
		"2026-11-25T03:40:00.1234567891Z", "2000-03-01T00:00:00+23:59", "2026-11-25T03:40:00,5Z",
		"2026-11-25T3:40:00Z", "0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00",
		"2026-11-25T03:40:00+99:99", "2026-11-25T03:40:00.Z",
		// Texts Go refuses, one per way time.Parse fails.
		"", "yesterday", "2026", "2026-", "2026-1-25T03:40:00Z", "2026-13-25T03:40:00Z",
		"2026-00-25T03:40:00Z", "2026-02-30T03:40:00Z", "2023-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
		"2026-11-00T00:00:00Z", "2026-11-25 03:40:00Z", "2026-11-25t03:40:00Z", "2026-11-25T24:00:00Z",
		"2026-11-25T03:60:00Z", "2026-11-25T03:40:60Z", "2026-11-25T03:40:00", "2026-11-25T03:40:00z",
		"2026-11-25T03:40:00+0200", "2026-11-25T03:40:00+02", "2026-11-25T03:40:00*02:00",
		"2026-11-25T03:40:00+ab:00", "2026-11-25T03:40:00Zjunk", "2026-11-25T03:40:00+02:00 ",
		"2026-11-25T03:40Z", "2026-11-25T03:4:00Z", "2026-11-25T:40:00Z", "２０２６-11-25T03:40:00Z",
		"2026-11-25T03:40:00Z\u00e9\"\\", "2a26-11-25T03:40:00Z", "-026-11-25T03:40:00Z",
		"2026-11-25T03:40:00.123456789123Z", "2026/11/25T03:40:00Z", "2026-11-25T03:40:00Z\u007f",
		"2026-11-25T03:40:00\u2028", "10000-01-01T00:00:00Z", "2026-11-25T034:0:00Z",
	} {
		var t metav1.Time
		want := map[string]string{}
		if err := json.Unmarshal([]byte(marshalString(s)), &t); err != nil {
			want["error"] = err.Error()
		} else {
			want["string"] = t.String()
		}
		out = append(out, vector{"time", jsOf(s), want})
	}
	return out
}

// intstrVectors: intstr.GetScaledValueFromIntOrPercent.
func intstrVectors() []vector {
	var out []vector
	for _, c := range []struct {
		value   string
		total   int
		roundUp bool
	}{
		{`5`, 10, false}, {`"50%"`, 10, false}, {`"50%"`, 3, true}, {`"50%"`, 3, false},
		{`"abc"`, 10, false}, {`"abc%"`, 10, false}, {`"%"`, 10, false}, {`"-10%"`, 10, true},
		{`"+5%"`, 10, true}, {`"9223372036854775807%"`, 0, false}, {`"9223372036854775808%"`, 1, false},
		{`"9007199254740993%"`, 100, false}, {`"1.5%"`, 10, false}, {`" 5%"`, 10, false},
		{`"5 %"`, 10, false}, {`"100%"`, 7, true}, {`"33%"`, 7, true}, {`"33%"`, 7, false}, {`""`, 1, false},
	} {
		var v intstr.IntOrString
		if err := json.Unmarshal([]byte(c.value), &v); err != nil {
			panic(err)
		}
		in := map[string]interface{}{"value": json.RawMessage(c.value), "total": c.total, "roundUp": c.roundUp}
		n, err := intstr.GetScaledValueFromIntOrPercent(&v, c.total, c.roundUp)
		want := map[string]interface{}{"value": n}
		if err != nil {
			want = map[string]interface{}{"error": err.Error()}
		}
		out = append(out, vector{"intstr", in, want})
	}
	return out
}

// quantityVectors: what resource.Quantity's UnmarshalJSON makes of a JSON
// string (in: its decoded text) or a JSON number (in: its literal, as
// JSON.stringify writes it): the error, or the canonical text it marshals to.
func quantityVectors() []vector {
	var out []vector
	answer := func(raw []byte) map[string]string {
		var q resource.Quantity
		if err := q.UnmarshalJSON(raw); err != nil {
			return map[string]string{"error": err.Error()}
		}
		b, err := json.Marshal(q)
		if err != nil {
			panic(err)
		}
		var canonical string
		if err := json.Unmarshal(b, &canonical); err != nil {
			panic(err)
		}
		return map[string]string{"canonical": canonical}
	}
	for _, s := range quantityStrings {
		out = append(out, vector{"quantity", map[string]interface{}{"string": jsOf(s)}, answer([]byte(marshalString(s)))})
	}
	for _, lit := range []string{"0", "1", "-5", "0.5", "1e+21", "1.5e-7", "35000000000000000000", "123456789.123", "5e-324", "1000", "0.1"} {
		out = append(out, vector{"quantity", map[string]interface{}{"number": lit}, answer([]byte(lit))})
	}
	return out
}

var quantityStrings = []string{
	"", " ", "0", "1", "-1", "+", "-", ".", "+.", "e", "E", "m", "k", "Ki", "i", "1e", "1e3", "1E+3",
	"1e-3", "1e+", "1e-", "1.2.3", "Pod", "1Mi", "1.5Gi", "1i", "1Kix", "1e-3m", "0.5", "5m", "1n",
	"-0", "00", "1.", ".5", "1.G", "1G1", "  100m  ", "\t5\n", "\u00a01", "1\u3000", "\u00851",
	"9223372036854775807", "9223372036854775808", "99999999999999999999999999", "1e308",
	"1e-400", "123456789012345678901234567890Ki", "1.0000000000000000000001", "\u0000", "日本",
	strings.Repeat("x", 300), "1Ei", "8Ei", "1P", "1PB", "++1", "+-1", "1+", "1e1e1",
	"admission.k8s.io/v1", "CREATE", "v1", "-1e3", "1e21", "0x10", "1.5e-7", "1ki", "1KI", "1mi",
	"1EE", "1Pi", "1u", "1µ", "10e9223372036854775807", "1e99999999999999999999", "0.000000000001",
	"-.5", "5.", "1.5.", "--1", "1m1", "1e+9", "1E", "7e-9", "1k0", "\ufeff1", "1\u200b",
	".e-10", "e-10", "-e-10", "+.E-99", "e2147483648", "0.e-10", ".n", "-.Ki", "-.5Ki", ".5e-10",
	// Canonical forms (what SidecarSet hashes see).
	"100m", "0.1", "1000m", "1.5", "1000", "1500", "1024Mi", "128Mi", "0.5Gi", "1.5Ki", "12e-12",
	"0.0000000001", "+1", "-0.5", "0m", "2048Ki", "1023Ki", "1025Ki", "0.3", "1.25Gi", "1e9", "1e-9",
	"1000000000n", "1500000u", "3e3", "3000e-3", "7Ki", "8Ki", "1048576", "1073741824", "0.001Ki",
	"-1Gi", "1.000", "010", "100000000000000000000", "9Ei", "1E3", "1.5e3",
	// BinarySI amounts above the int64 maximum are capped, a fraction included.
	"1536.25Ei", "+1536.25Ei", "-999.001Ei", "123456789.125Ti", "8191.999Pi", "7.99Ei",
}
