package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// marshalers are the types below a core/v1 Volume with their own
// MarshalJSON, by how kruise-fn writes them.
var marshalers = map[string]string{
	"resource.Quantity":  "quantity",
	"intstr.IntOrString": "intOrString",
	"v1.Time":            "time",
	"v1.FieldsV1":        "raw",
}

var jsonMarshaler = reflect.TypeOf((*json.Marshaler)(nil)).Elem()

// encodeTable is what an encoder needs to write a value as json.Marshal
// writes the Go type: per struct, its JSON fields in declaration order
// (embedded structs flattened) as "<name>:<type>" plus ",omitempty" when the
// tag says so. A type is a scalar kind (string, bool, int), a marshaler kind
// (quantity, intOrString, time, raw), a struct name, "*<type>", "[]<type>"
// or "map[string]<type>".
type encodeTable struct {
	Root    string              `json:"root"`
	Structs map[string][]string `json:"structs"`
}

func writeVolumeEncodeType() error { return writeEncodeType(reflect.TypeOf(corev1.Volume{})) }

// writePodTemplateEncodeType: core/v1 PodTemplateSpec, which an Advanced
// StatefulSet's ControllerRevision records.
func writePodTemplateEncodeType() error {
	return writeEncodeType(reflect.TypeOf(corev1.PodTemplateSpec{}))
}

func writeEncodeType(typ reflect.Type) error {
	table := encodeTable{Structs: map[string][]string{}}
	root, err := table.expr(typ)
	if err != nil {
		return err
	}
	table.Root = root
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	return enc.Encode(table)
}

func (t *encodeTable) expr(typ reflect.Type) (string, error) {
	if typ.Kind() == reflect.Pointer {
		inner, err := t.expr(typ.Elem())
		return "*" + inner, err
	}
	name := typ.String()
	if typ.Implements(jsonMarshaler) || reflect.PointerTo(typ).Implements(jsonMarshaler) {
		kind, ok := marshalers[name]
		if !ok {
			return "", fmt.Errorf("%s has its own MarshalJSON: say how it encodes", name)
		}
		return kind, nil
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
	case reflect.Slice:
		if typ.Elem().Kind() == reflect.Uint8 {
			return "", fmt.Errorf("%s ([]byte, base64) is not modelled", name)
		}
		elem, err := t.expr(typ.Elem())
		return "[]" + elem, err
	case reflect.Map:
		if typ.Key().Kind() != reflect.String {
			return "", fmt.Errorf("%s: only string map keys are modelled", name)
		}
		elem, err := t.expr(typ.Elem())
		return "map[string]" + elem, err
	case reflect.String, reflect.Bool:
		return typ.Kind().String(), nil
	case reflect.Int, reflect.Int32, reflect.Int64:
		return "int", nil
	}
	return "", fmt.Errorf("%s: kind %s is not modelled", name, typ.Kind())
}

func (t *encodeTable) fields(typ reflect.Type) ([]string, error) {
	var out []string
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			inner, err := t.fields(f.Type)
			if err != nil {
				return nil, err
			}
			out = append(out, inner...)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		expr, err := t.expr(f.Type)
		if err != nil {
			return nil, err
		}
		entry := name + ":" + expr
		if strings.Contains(","+opts+",", ",omitempty,") {
			entry += ",omitempty"
		}
		out = append(out, entry)
	}
	return out, nil
}
