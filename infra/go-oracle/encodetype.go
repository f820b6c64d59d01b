package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"kruise-fn/infra/go-oracle/shapes/v1alpha1"
	"kruise-fn/infra/go-oracle/shapes/v1beta1"
)

// encodeRoots are the types kruise-fn writes as Go's json.Marshal does:
// the admission answers of the defaulting webhooks (the whole objects), the
// SidecarSet hashes (SidecarContainer), the injected containers and volumes,
// and the ControllerRevisions (PodTemplateSpec, the SidecarSet spec's lists).
// The rest are parts the property tests generate on their own.
var encodeRoots = []reflect.Type{
	reflect.TypeOf(v1alpha1.SidecarSet{}),
	reflect.TypeOf(v1alpha1.SidecarContainer{}),
	reflect.TypeOf(v1alpha1.SidecarSetPatchPodMetadata{}),
	reflect.TypeOf(v1beta1.StatefulSet{}),
	reflect.TypeOf(v1alpha1.StatefulSet{}),
	reflect.TypeOf(v1alpha1.ImagePullJob{}),
	reflect.TypeOf(v1alpha1.ImagePullJobSpec{}),
	reflect.TypeOf(corev1.Container{}),
	reflect.TypeOf(corev1.Volume{}),
	reflect.TypeOf(corev1.PodTemplateSpec{}),
	reflect.TypeOf(corev1.PersistentVolumeClaim{}),
	reflect.TypeOf(corev1.LocalObjectReference{}),
	reflect.TypeOf(corev1.Probe{}),
	reflect.TypeOf(corev1.EnvVar{}),
	reflect.TypeOf(corev1.ResourceRequirements{}),
}

// rootsByName: encodeRoots by the name the table gives them.
func rootsByName() map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for _, typ := range encodeRoots {
		out[typ.String()] = typ
	}
	return out
}

// marshalers are the types below the roots with their own MarshalJSON, by
// how kruise-fn writes them.
var marshalers = map[string]string{
	"resource.Quantity":  "quantity",
	"intstr.IntOrString": "intOrString",
	"v1.Time":            "time",
	"v1.FieldsV1":        "raw",
}

var jsonMarshaler = reflect.TypeOf((*json.Marshaler)(nil)).Elem()

// encodeTable is what an encoder needs to write a value as json.Marshal
// writes the Go types: the roots, and per struct its JSON fields in declaration order
// (embedded structs flattened) as "<name>:<type>" plus ",omitempty" when the
// tag says so. A type is a scalar kind (string, bool, int), a marshaler kind
// (quantity, intOrString, time, raw), a struct name, "*<type>", "[]<type>"
// or "map[string]<type>".
// Struct names are "<package name>.<type name>"; two types of one name
// (core/v1 and meta/v1 are both "v1") are refused.
type encodeTable struct {
	Roots   []string            `json:"roots"`
	Structs map[string][]string `json:"structs"`
	types   map[string]reflect.Type
}

// writeEncodeTypes writes the table of every root.
func writeEncodeTypes() error {
	table := encodeTable{Structs: map[string][]string{}, types: map[string]reflect.Type{}}
	for _, typ := range encodeRoots {
		root, err := table.expr(typ)
		if err != nil {
			return err
		}
		table.Roots = append(table.Roots, root)
	}
	sort.Strings(table.Roots)
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
		if other, seen := t.types[name]; seen && other != typ {
			return "", fmt.Errorf("%s names both %s and %s", name, other.PkgPath(), typ.PkgPath())
		}
		t.types[name] = typ
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
