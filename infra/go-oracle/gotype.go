package main

import (
	"encoding"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// unmarshalers are the types of a Pod with their own UnmarshalJSON, by the
// decode behaviour kruise-fn models for them.
var unmarshalers = map[string]string{
	"intstr.IntOrString": "intOrString",
	"resource.Quantity":  "quantity",
	"v1.Time":            "time",
	"v1.FieldsV1":        "any",
}

var (
	jsonUnmarshaler = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()
	textUnmarshaler = reflect.TypeOf((*encoding.TextUnmarshaler)(nil)).Elem()
)

// typeTable is what a JSON decoder needs to know of a Go type graph, with
// every type named as reflect prints it in decode errors. A type expression
// is a name, "[]<expr>" or "map[<key name>]<expr>"; pointers are left out
// (they decode as what they point to).
type typeTable struct {
	Root string `json:"root"`
	// Structs: JSON field name and type expression, in declaration order.
	Structs map[string][][2]string `json:"structs"`
	// Named: a named non-struct type and its underlying type expression.
	Named map[string]string `json:"named"`
	// Unmarshalers: a type with its own UnmarshalJSON and the behaviour of it.
	Unmarshalers map[string]string `json:"unmarshalers"`
}

func writePodGoType() error {
	table := typeTable{
		Structs:      map[string][][2]string{},
		Named:        map[string]string{},
		Unmarshalers: map[string]string{},
	}
	root, err := table.expr(reflect.TypeOf(corev1.Pod{}))
	if err != nil {
		return err
	}
	table.Root = root
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	return enc.Encode(table)
}

func (t *typeTable) expr(typ reflect.Type) (string, error) {
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	name := typ.String()
	if reflect.PointerTo(typ).Implements(jsonUnmarshaler) {
		behaviour, ok := unmarshalers[name]
		if !ok {
			return "", fmt.Errorf("%s has its own UnmarshalJSON: say how it decodes", name)
		}
		t.Unmarshalers[name] = behaviour
		return name, nil
	}
	if reflect.PointerTo(typ).Implements(textUnmarshaler) {
		return "", fmt.Errorf("%s has UnmarshalText, which is not modelled", name)
	}
	switch typ.Kind() {
	case reflect.Struct:
		if _, seen := t.Structs[name]; !seen {
			t.Structs[name] = nil // cycles end here
			fields, err := t.fields(typ)
			if err != nil {
				return "", err
			}
			t.Structs[name] = fields
		}
		return name, nil
	case reflect.Slice, reflect.Map:
		if typ.Kind() == reflect.Slice && typ.Elem().Kind() == reflect.Uint8 {
			return "", fmt.Errorf("%s ([]byte, base64) is not modelled", name)
		}
		elem, err := t.expr(typ.Elem())
		if err != nil {
			return "", err
		}
		shape := "[]" + elem
		if typ.Kind() == reflect.Map {
			if typ.Key().Kind() != reflect.String {
				return "", fmt.Errorf("%s: only string map keys are modelled", name)
			}
			shape = "map[" + typ.Key().String() + "]" + elem
		}
		return t.named(typ, shape), nil
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int32, reflect.Int64, reflect.Float64:
		return t.named(typ, typ.Kind().String()), nil
	}
	return "", fmt.Errorf("%s: kind %s is not modelled", name, typ.Kind())
}

// named records a defined type's underlying expression and returns its
// name; an unnamed or predeclared type is its expression.
func (t *typeTable) named(typ reflect.Type, shape string) string {
	if typ.PkgPath() == "" {
		return shape
	}
	t.Named[typ.String()] = shape
	return typ.String()
}

// fields lists a struct's JSON fields as encoding/json sees them: embedded
// structs without a JSON name are flattened into their parent.
func (t *typeTable) fields(typ reflect.Type) ([][2]string, error) {
	var out [][2]string
	seen := map[string]bool{}
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if strings.Contains(","+opts+",", ",string,") {
			return nil, fmt.Errorf("%s.%s: the string option is not modelled", typ, f.Name)
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		var entries [][2]string
		switch {
		case f.Anonymous && name == "" && ft.Kind() == reflect.Struct:
			inner, err := t.fields(ft)
			if err != nil {
				return nil, err
			}
			entries = inner
		case !f.IsExported():
			continue
		default:
			if name == "" {
				name = f.Name
			}
			expr, err := t.expr(f.Type)
			if err != nil {
				return nil, err
			}
			entries = [][2]string{{name, expr}}
		}
		for _, e := range entries {
			if seen[e[0]] {
				return nil, fmt.Errorf("%s: JSON field %q appears twice", typ, e[0])
			}
			seen[e[0]] = true
			out = append(out, e)
		}
	}
	return out, nil
}
