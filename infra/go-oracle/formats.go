package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"unicode"
)

// vector is one input and what Go answers for it; fn names the function
// compared (the TypeScript test maps it to ours).
type vector struct {
	Fn   string      `json:"fn"`
	In   interface{} `json:"in"`
	Want interface{} `json:"want"`
}

// run says that every code point From..To, as a one-character string, gives
// Want once its placeholders are filled: {c} the character, {x2}/{x4}/{x8}
// the code point in lower-case hex of that width.
type run struct {
	From, To rune
	Want     string
}

func (r run) MarshalJSON() ([]byte, error) {
	return json.Marshal([]interface{}{r.From, r.To, r.Want})
}

// sweep applies f to every code point (surrogates as lone surrogates, see js)
// and compresses the answers into runs.
func sweep(f func(string) string) []run {
	var out []run
	for r := rune(0); r <= unicode.MaxRune; r++ {
		s := jsRune(r).goString()
		want := template(r, s, f(s))
		if n := len(out); n > 0 && out[n-1].Want == want && out[n-1].To == r-1 {
			out[n-1].To = r
			continue
		}
		out = append(out, run{r, r, want})
	}
	return out
}

func template(r rune, s, got string) string {
	for _, form := range []struct{ exact, tmpl string }{
		{`"` + s + `"`, `"{c}"`},
		{fmt.Sprintf(`"\x%02x"`, r), `"\x{x2}"`},
		{fmt.Sprintf(`"\u%04x"`, r), `"\u{x4}"`},
		{fmt.Sprintf(`"\U%08x"`, r), `"\U{x8}"`},
	} {
		if got == form.exact {
			return form.tmpl
		}
	}
	return got
}

// writeFormats writes every vector: deterministic, the same bytes on every run.
func writeFormats() error {
	var vectors []vector
	for _, group := range [][]vector{
		quoteVectors(), strconvVectors(),
		marshalVectors(), compactVectors(), syntaxVectors(), stringMapVectors(), utf8Vectors(),
		sprintVectors(), fieldErrorVectors(), timeVectors(), intstrVectors(), quantityVectors(),
		revisionVectors(), labelSelectorVectors(), statefulSetRevisionVectors(),
	} {
		vectors = append(vectors, group...)
	}
	doc := struct {
		Go      string           `json:"go"`
		Unicode string           `json:"unicode"`
		Sweeps  map[string][]run `json:"sweeps"`
		Vectors []vector         `json:"vectors"`
	}{
		Go:      runtime.Version(),
		Unicode: unicode.Version,
		Sweeps: map[string][]run{
			"quote":      sweep(quote),
			"jsonString": sweep(marshalString),
		},
		Vectors: vectors,
	}
	enc := json.NewEncoder(os.Stdout)
	return enc.Encode(doc)
}
