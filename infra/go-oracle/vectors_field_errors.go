package main

import (
	"encoding/json"
	"errors"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// fieldErr describes one field.Error: which constructor, the path as
// (child|index|key, value) steps, the bad value and its Go type.
type fieldErr struct {
	Ctor      string           `json:"ctor"`
	Path      [][2]interface{} `json:"path"`
	Value     json.RawMessage  `json:"value,omitempty"`
	ValueType string           `json:"valueType,omitempty"`
	Detail    string           `json:"detail,omitempty"`
	Valid     []string         `json:"valid,omitempty"`
	Max       int              `json:"max,omitempty"`
}

func (e fieldErr) path() *field.Path {
	var p *field.Path
	for _, step := range e.Path {
		switch step[0] {
		case "child":
			if p == nil {
				p = field.NewPath(step[1].(string))
			} else {
				p = p.Child(step[1].(string))
			}
		case "index":
			p = p.Index(step[1].(int))
		case "key":
			p = p.Key(step[1].(string))
		}
	}
	return p
}

func (e fieldErr) value() interface{} {
	decode := func(into interface{}) interface{} {
		if err := json.Unmarshal(e.Value, into); err != nil {
			panic(err)
		}
		return into
	}
	switch e.ValueType {
	case "string":
		return *decode(new(string)).(*string)
	case "int32":
		return *decode(new(int32)).(*int32)
	case "int64":
		return *decode(new(int64)).(*int64)
	case "int":
		return *decode(new(int)).(*int)
	case "bool":
		return *decode(new(bool)).(*bool)
	case "*int32":
		return decode(new(int32))
	case "nil *int32":
		return (*int32)(nil)
	}
	return nil
}

func (e fieldErr) build() *field.Error {
	p := e.path()
	switch e.Ctor {
	case "invalid":
		return field.Invalid(p, e.value(), e.Detail)
	case "required":
		return field.Required(p, e.Detail)
	case "forbidden":
		return field.Forbidden(p, e.Detail)
	case "notSupported":
		return field.NotSupported(p, e.value(), e.Valid)
	case "duplicate":
		return field.Duplicate(p, e.value())
	case "notFound":
		return field.NotFound(p, e.value())
	case "tooLong":
		return field.TooLong(p, e.value(), e.Max)
	case "internal":
		return field.InternalError(p, errors.New(e.Detail))
	}
	panic("unknown constructor " + e.Ctor)
}

func fe(ctor string, valueType, value string, detail string) fieldErr {
	e := fieldErr{Ctor: ctor, Path: [][2]interface{}{{"child", "spec"}, {"child", "x"}}, ValueType: valueType, Detail: detail}
	if value != "" {
		e.Value = json.RawMessage(value)
	}
	return e
}

func fieldErrorVectors() []vector {
	deep := fe("invalid", "string", `"v"`, "deep")
	deep.Path = [][2]interface{}{{"child", "spec"}, {"child", "containers"}, {"index", 2}, {"child", "env"}, {"key", "a.b"}}
	notSupported := fe("notSupported", "string", `"Sometimes"`, "")
	notSupported.Valid = []string{"Always", "Never", `we"ird`}
	noValid := fe("notSupported", "string", `"x"`, "")
	tooLong := fe("tooLong", "string", `""`, "")
	tooLong.Max = 262144
	singles := []fieldErr{
		fe("invalid", "string", `"x\"y"`, "bad"), fe("invalid", "string", `""`, ""),
		fe("invalid", "string", `"é\u0000\u200b\ud800"`, "odd"), fe("invalid", "int32", `-1`, "neg"),
		fe("invalid", "int64", `1234567890123`, "big"), fe("invalid", "int", `0`, "zero"),
		fe("invalid", "bool", `true`, "t"), fe("invalid", "bool", `false`, ""),
		fe("invalid", "nil", "", "nil"), fe("invalid", "nil *int32", "", "nil pointer"),
		fe("invalid", "*int32", `7`, "pointer"), deep, notSupported, noValid,
		fe("required", "", "", ""), fe("required", "", "", "why"), fe("forbidden", "", "", "no"),
		fe("duplicate", "string", `"x"`, ""), fe("notFound", "string", `"x"`, ""), tooLong,
		fe("internal", "", "", "boom"),
	}
	var out []vector
	for _, e := range singles {
		out = append(out, vector{"fieldError", e, e.build().Error()})
	}
	for _, list := range [][]fieldErr{
		{}, {singles[0]}, {singles[0], singles[3], singles[0]}, {singles[16], singles[17], singles[16], singles[17]},
	} {
		var errs field.ErrorList
		for _, e := range list {
			errs = append(errs, e.build())
		}
		want := ""
		if agg := errs.ToAggregate(); agg != nil {
			want = agg.Error()
		}
		out = append(out, vector{"aggregate", list, want})
	}
	return out
}
