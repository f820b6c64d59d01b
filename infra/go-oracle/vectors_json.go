package main

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"strconv"
)

func marshalString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// numberTexts are JSON numbers as a float64 (interface{}) holds them: the
// cut-overs of encoding/json's 'f'/'e' choice, -0, subnormals, the
// extremes, and seeded random ones (the same on every run).
func numberTexts() []string {
	out := []string{
		"0", "-0", "0.0", "-0.0", "1", "-1", "1.5", "0.1", "0.30000000000000004", "100",
		"1e20", "1e21", "-1e21", "999999999999999999999", "100000000000000000000",
		"123456789012345678901234567890", "1e-6", "1e-7", "0.000001", "0.0000001",
		"-0.0000001234", "1.5e-7", "5e-324", "1e-320", "2.2250738585072014e-308",
		"1.7976931348623157e308", "9007199254740993", "9223372036854775807", "1e100",
		"1E+2", "12.5E-3", "4.35", "0.1e1", "-123.456e7", "1e-10", "123456.789e-15",
	}
	rng := rand.New(rand.NewSource(1))
	for len(out) < 400 {
		f := math.Float64frombits(rng.Uint64())
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		out = append(out, strconv.FormatFloat(f, 'g', -1, 64))
		scaled := rng.Float64() * math.Pow(10, float64(rng.Intn(40)-15))
		out = append(out, strconv.FormatFloat(scaled, 'g', -1, 64), strconv.FormatFloat(-scaled, 'f', 3, 64))
	}
	return out
}

var nestedTexts = []string{
	`{"b":1,"a":2,"c":{"z":[1,"x",null,true,false,{"y":{}}],"é":[],"e":{}}}`,
	`{"\uffff":1,"\ud800\udc00":2,"\u00e9":3,"z":4,"Z":5,"":6,"a\u0000":7,"a":8,"\u007f":9}`,
	`[[],[[]],{},[{}],null,"",0]`,
	`{"<&>":"<&>","\u2028":"\u2029"}`,
	`{"\ud800":"\udfff"}`,
	`"\u0000\u001f\u007f\b\f\n\r\t"`,
	`[1e21,1e20,-0,0.000001,1e-7,{"n":-1.5e-9}]`,
	`{"a":1,"a":2}`,
	`{"list":["b","a"],"map":{"k2":{"x":[{"b":null,"a":[]}]},"k1":"v"}}`,
}

func marshalVectors() []vector {
	var texts []string
	texts = append(texts, numberTexts()...)
	texts = append(texts, nestedTexts...)
	var out []vector
	for _, text := range texts {
		out = append(out, vector{"marshal", jsOf(text), remarshal([]byte(text))})
	}
	for _, s := range corpus() {
		text, _ := s.MarshalJSON()
		out = append(out, vector{"marshal", jsOf(string(text)), remarshal(text)})
	}
	return out
}

// remarshal is json.Marshal of what json.Unmarshal decodes into an interface{}.
func remarshal(text []byte) string {
	var v interface{}
	if err := json.Unmarshal(text, &v); err != nil {
		panic(fmt.Sprintf("%s: %v", text, err))
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func compactVectors() []vector {
	var out []vector
	for _, text := range []string{
		`{ "a" : [ 1 , 2 ] }`, " [1,\n2]\t", `{"html":"<a href=\"x\">&</a>"}`,
		"\"\u2028 \u2029\"", `"\u003c\u2028"`, `1.0`, `1E5`, `-0`, `{"a":"\u00e9","b":"é"}`,
		`[ "a\\\"b" ]`, `{"k":"<>&","v":[" x ",{"y":" "}]}`, `"\ud800"`, "\r\n{\"x\" :\r\n null}\r\n",
		`{"emoji":"😀","tab":"\t"}`,
	} {
		b, err := json.Marshal(json.RawMessage(text))
		if err != nil {
			panic(err)
		}
		out = append(out, vector{"compact", jsOf(text), string(b)})
	}
	s := js{'"', 'a', 0xd800, '"'}
	b, _ := json.Marshal(json.RawMessage(s.goString()))
	return append(out, vector{"compact", s, string(b)})
}

// syntaxTexts walk every state of encoding/json's scanner to an error.
func syntaxTexts() []string {
	out := []string{
		"", " ", "{", "}", "[", "]", "[1,]", `{"a"}`, `{"a":}`, `{"a":1,}`, "tru", "truex", "nul",
		"fals", "nulL", "-", "-a", "01", "1.", "1.e5", "1e", "1e+", "1e+a", `"\x"`, `"\u12"`,
		`"\u12g4"`, "\"a\nb\"", "\"\t\"", "{} x", "[1 2]", `{"a" 1}`, "{1:2}", "'a'", "é", "日本",
		"\u2028", "NaN", "Infinity", "+1", ".5", "[1,2,", `"abc`, `"\`, `{"a":1 "b":2}`,
		`["\ud800"]`, `{"a":[1,{"b":tru}]}`, `[1]]`, `{"a":1}}`, "\ufeff{}", `{"a":"b"`, `{"a"`,
		`[-]`, `[1.5e]`, `{"a":-}`, `{"a":"\u00"}`, `{"\u":1}`, "\x00", "  \n\t\r  ", `[nul]`,
		`{"a":1}` + "\x00", `"ok"`, `{"valid":[1,2.5e-3,"x",true,false,null,{}]}`,
	}
	for c := 0x20; c < 0x7f; c++ {
		ch := string(rune(c))
		out = append(out, ch, "["+ch, "{"+ch, `{"a"`+ch, `{"a":1`+ch, "[1"+ch, "-"+ch, "0"+ch,
			"1."+ch, "1e"+ch, `"\`+ch, `"\u`+ch, "t"+ch, "1e1"+ch)
	}
	for _, r := range []rune{0x80, 0xa0, 0xe9, 0xff, 0x100, 0x2028, 0xfffd, 0x1f600} {
		out = append(out, string(r), "["+string(r), `{"a":1`+string(r))
	}
	return out
}

func syntaxVectors() []vector {
	var out []vector
	for _, text := range syntaxTexts() {
		var v interface{}
		want := ""
		if err := json.Unmarshal([]byte(text), &v); err != nil {
			var syntax *json.SyntaxError
			if !errors.As(err, &syntax) && err.Error() != "unexpected end of JSON input" {
				panic(fmt.Sprintf("%q: not a syntax error: %v", text, err))
			}
			want = err.Error()
		}
		out = append(out, vector{"syntax", jsOf(text), want})
	}
	for _, s := range []js{{'"', 0xd800, '"'}, {'[', 0xdfff}, {0xd800}} {
		var v interface{}
		want := ""
		if err := json.Unmarshal([]byte(s.goString()), &v); err != nil {
			want = err.Error()
		}
		out = append(out, vector{"syntax", s, want})
	}
	return out
}

func stringMapVectors() []vector {
	var out []vector
	for _, text := range []string{
		`{}`, `null`, `{"a":"1","b":"2"}`, `{"a":1}`, `{"a":1,"b":"x","c":true}`, `[1]`, `"x"`,
		`1`, `true`, `{"a":null}`, `{"a":{"b":"c"}}`, `{"a":["x"]}`, `{"a":"1"`, `{"a":"1"} x`,
		``, `  `, `{"\u00e9":"\ud800"}`, `{"a":"1","a":2}`, `{"z":"1","y":[],"x":"2"}`,
	} {
		m := map[string]string{}
		want := map[string]interface{}{"map": m}
		if err := json.Unmarshal([]byte(text), &m); err != nil {
			want["error"] = err.Error()
		}
		out = append(out, vector{"stringMap", jsOf(text), want})
	}
	return out
}

// utf8Vectors: the string Go's JSON decoder makes of bytes that are not all
// valid UTF-8, as it decodes a request body (one U+FFFD per bad byte).
func utf8Vectors() []vector {
	var out []vector
	for _, h := range []string{
		"ff", "fe", "c0", "c080", "c1bf", "e280", "e282ac", "e282", "eda080", "edbfbf", "f4908080",
		"f880808080", "80", "bf", "61ff62", "e2ffac", "f0", "f09f98", "f09f9880", "c3", "c3a9",
		"efbfbd", "cdb8", "e0808f", "f08f8080", "c3a9ff80c3a9", "eda0bdedb880",
	} {
		b, _ := hex.DecodeString(h)
		var s string
		if err := json.Unmarshal(append(append([]byte{'"'}, b...), '"'), &s); err != nil {
			panic(err)
		}
		out = append(out, vector{"utf8", h, jsOf(s)})
	}
	return out
}
