// Package v1beta1 stands in for kruise apis/apps/v1beta1 (see package shapes).
package v1beta1

import (
	apps "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"kruise-fn/infra/go-oracle/shapes/pub"
)

type PodUpdateStrategyType string

type StatefulSetUpdateStrategy struct {
	Type          apps.StatefulSetUpdateStrategyType `json:"type,omitempty"`
	RollingUpdate *RollingUpdateStatefulSetStrategy  `json:"rollingUpdate,omitempty"`
}

type RollingUpdateStatefulSetStrategy struct {
	Partition             *int32                     `json:"partition,omitempty"`
	MaxUnavailable        *intstr.IntOrString        `json:"maxUnavailable,omitempty"`
	PodUpdatePolicy       PodUpdateStrategyType      `json:"podUpdatePolicy,omitempty"`
	Paused                bool                       `json:"paused,omitempty"`
	UnorderedUpdate       *UnorderedUpdateStrategy   `json:"unorderedUpdate,omitempty"`
	InPlaceUpdateStrategy *pub.InPlaceUpdateStrategy `json:"inPlaceUpdateStrategy,omitempty"`
	MinReadySeconds       *int32                     `json:"minReadySeconds,omitempty"`
}

// UnorderedUpdateStrategy only appears behind a pointer: its fields never print.
type UnorderedUpdateStrategy struct {
	PriorityStrategy *struct{} `json:"priorityStrategy,omitempty"`
}
