package main

import (
	"encoding/json"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metavalidation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// labelSelectorInputs are metav1.LabelSelectors as JSON, several with
// requirements that lack a key or an operator (absent, null, empty): Go
// decodes those as "", which the CRD schemas refuse but a webhook may see.
var labelSelectorInputs = []string{
	`{"matchLabels":{"app":"web"}}`,
	`{"matchExpressions":[{"operator":"In","values":["a"]}]}`,
	`{"matchExpressions":[{"key":"a","values":["a"]}]}`,
	`{"matchExpressions":[{}]}`,
	`{"matchExpressions":[{"key":null,"operator":null}]}`,
	`{"matchExpressions":[{"key":"","operator":""}]}`,
	`{"matchExpressions":[null]}`,
	`{"matchExpressions":[{"operator":"Exists"}]}`,
	`{"matchExpressions":[{"key":"a","operator":"Exists"},{"values":["x"]}]}`,
	`{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"b","operator":"NotIn"}]}`,
	`{"matchExpressions":[{"key":"a/b/c","operator":"Gt","values":["-x"]}]}`,
	`{"matchExpressions":[{"key":"x/","operator":"DoesNotExist","values":[]}]}`,
}

// labelSelectorVectors: for each input, the field errors of
// metav1validation.ValidateLabelSelector at spec.selector (what OpenKruise's
// SidecarSet and Advanced StatefulSet validation call), one per entry, and
// the error of metav1.LabelSelectorAsSelector ("" when it converts; what
// the ImagePullJob validation and every selector's conversion report).
func labelSelectorVectors() []vector {
	var out []vector
	for _, in := range labelSelectorInputs {
		var ps metav1.LabelSelector
		if err := json.Unmarshal([]byte(in), &ps); err != nil {
			panic(err)
		}
		validate := []string{}
		for _, e := range metavalidation.ValidateLabelSelector(&ps, metavalidation.LabelSelectorValidationOptions{}, field.NewPath("spec", "selector")) {
			validate = append(validate, e.Error())
		}
		asSelector := ""
		if _, err := metav1.LabelSelectorAsSelector(&ps); err != nil {
			asSelector = err.Error()
		}
		out = append(out, vector{"labelSelector", json.RawMessage(in), map[string]interface{}{
			"validate":   validate,
			"asSelector": asSelector,
		}})
	}
	return out
}
