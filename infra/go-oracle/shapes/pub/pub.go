// Package pub stands in for kruise apis/apps/pub (see package shapes).
package pub

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// kruise@v1.7.4:apis/apps/pub/inplace_update.go

type InPlaceUpdateStrategy struct {
	GracePeriodSeconds int32 `json:"gracePeriodSeconds,omitempty"`
}

// kruise@v1.7.4:apis/apps/pub/lifecycle.go

type Lifecycle struct {
	PreDelete     *LifecycleHook `json:"preDelete,omitempty"`
	InPlaceUpdate *LifecycleHook `json:"inPlaceUpdate,omitempty"`
	PreNormal     *LifecycleHook `json:"preNormal,omitempty"`
}

type LifecycleHook struct {
	LabelsHandler     map[string]string `json:"labelsHandler,omitempty"`
	FinalizersHandler []string          `json:"finalizersHandler,omitempty"`
	MarkPodNotReady   bool              `json:"markPodNotReady,omitempty"`
}

// kruise@v1.7.4:apis/apps/pub/update_priority.go

type UpdatePriorityStrategy struct {
	OrderPriority  []UpdatePriorityOrderTerm  `json:"orderPriority,omitempty"`
	WeightPriority []UpdatePriorityWeightTerm `json:"weightPriority,omitempty"`
}

type UpdatePriorityOrderTerm struct {
	OrderedKey string `json:"orderedKey"`
}

type UpdatePriorityWeightTerm struct {
	Weight        int32                `json:"weight"`
	MatchSelector metav1.LabelSelector `json:"matchSelector"`
}
