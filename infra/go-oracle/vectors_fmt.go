package main

import (
	"encoding/json"
	"fmt"
	"reflect"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"kruise-fn/infra/go-oracle/shapes/v1alpha1"
	"kruise-fn/infra/go-oracle/shapes/v1beta1"
)

// shapes are the Go types whose %#v OpenKruise's messages print, each with
// the JSON values tried (decoded into the type with encoding/json).
var shapes = []struct {
	name   string
	new    func() interface{}
	values []string
}{
	{"stringMap", func() interface{} { return new(map[string]string) }, []string{
		`null`, `{}`, `{"b":"2","a":"1"}`, `{"\uffff":"x","\ud83d\ude00":"y","é":"\n","":"\"q\""}`,
		`{"k":"\u0000\u00ad\u200b"}`,
	}},
	{"stringSlice", func() interface{} { return new([]string) }, []string{
		`null`, `[]`, `["a","b\"c","\u0000","é","\ud800"]`, `[""]`,
	}},
	{"intSlice", func() interface{} { return new([]int) }, []string{`null`, `[]`, `[1,-2,30]`, `[0]`}},
	{"labelSelector", func() interface{} { return new(metav1.LabelSelector) }, []string{
		`{}`, `{"matchLabels":{"b":"2","a":"1"}}`, `{"matchLabels":{},"matchExpressions":[]}`,
		`{"matchExpressions":[{"key":"k","operator":"In","values":["x","y"]},{"key":"e","operator":"Exists"}]}`,
		`{"matchExpressions":[{"key":"\u200b","operator":"Bad","values":[]}]}`,
	}},
	{"ownerReference", func() interface{} { return new(metav1.OwnerReference) }, []string{
		`{}`, `{"apiVersion":"v1","kind":"Event","name":"e","uid":"1"}`,
		`{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"a","uid":"u","controller":true,"blockOwnerDeletion":false}`,
	}},
	{"ownerReferences", func() interface{} { return new([]metav1.OwnerReference) }, []string{
		`[]`, `[{"name":"a","controller":true},{"name":"b","controller":true,"blockOwnerDeletion":true}]`,
	}},
	{"intOrString", func() interface{} { return new(intstr.IntOrString) }, []string{
		`0`, `5`, `-3`, `"50%"`, `""`, `"a\"b"`,
	}},
	{"rollingUpdate", func() interface{} { return new(v1beta1.RollingUpdateStatefulSetStrategy) }, []string{
		`{}`, `{"partition":0}`, `{"maxUnavailable":"50%","podUpdatePolicy":"InPlaceIfPossible","paused":true}`,
		`{"partition":1,"maxUnavailable":1,"unorderedUpdate":{},"inPlaceUpdateStrategy":{},"minReadySeconds":3}`,
	}},
	{"updateStrategy", func() interface{} { return new(v1beta1.StatefulSetUpdateStrategy) }, []string{
		`{}`, `{"type":"OnDelete"}`, `{"type":"RollingUpdate","rollingUpdate":{"partition":2}}`,
	}},
	{"readinessGates", func() interface{} { return new([]corev1.PodReadinessGate) }, []string{
		`null`, `[]`, `[{"conditionType":"InPlaceUpdateReady"},{"conditionType":""}]`,
	}},
	{"injectRevision", func() interface{} { return new(v1alpha1.SidecarSetInjectRevision) }, []string{
		`{}`, `{"customVersion":"v1"}`, `{"revisionName":"r","policy":"Always"}`,
		`{"customVersion":"","revisionName":"","policy":"Partial"}`,
	}},
	{"shareVolumePolicy", func() interface{} { return new(v1alpha1.ShareVolumePolicy) }, []string{
		`{}`, `{"type":"enabled"}`, `{"type":"sometimes \"x\""}`,
	}},
}

// sprintVectors: fmt.Sprintf("%#v") of each shape. A pointer prints its
// heap address, which differs on every run; the TypeScript test masks it.
func sprintVectors() []vector {
	var out []vector
	for _, shape := range shapes {
		for _, text := range shape.values {
			p := shape.new()
			if err := json.Unmarshal([]byte(text), p); err != nil {
				panic(fmt.Sprintf("%s %s: %v", shape.name, text, err))
			}
			value := reflect.ValueOf(p).Elem().Interface()
			in := map[string]interface{}{"shape": shape.name, "value": json.RawMessage(text)}
			out = append(out, vector{"sprint", in, fmt.Sprintf("%#v", value)})
		}
	}
	return out
}
