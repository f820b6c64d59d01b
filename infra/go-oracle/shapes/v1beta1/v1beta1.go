// Package v1beta1 stands in for kruise apis/apps/v1beta1 (see package shapes).
package v1beta1

import (
	apps "k8s.io/api/apps/v1"
	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"kruise-fn/infra/go-oracle/shapes/pub"
)

// kruise@v1.7.4:apis/apps/v1beta1/statefulset_types.go

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

type UnorderedUpdateStrategy struct {
	PriorityStrategy *pub.UpdatePriorityStrategy `json:"priorityStrategy,omitempty"`
}

type PodUpdateStrategyType string

type PersistentVolumeClaimRetentionPolicyType string

type StatefulSetPersistentVolumeClaimRetentionPolicy struct {
	WhenDeleted PersistentVolumeClaimRetentionPolicyType `json:"whenDeleted,omitempty"`
	WhenScaled  PersistentVolumeClaimRetentionPolicyType `json:"whenScaled,omitempty"`
}

type StatefulSetOrdinals struct {
	Start int32 `json:"start"`
}

type StatefulSetSpec struct {
	Replicas             *int32                       `json:"replicas,omitempty"`
	Selector             *metav1.LabelSelector        `json:"selector"`
	Template             v1.PodTemplateSpec           `json:"template"`
	VolumeClaimTemplates []v1.PersistentVolumeClaim   `json:"volumeClaimTemplates,omitempty"`
	ServiceName          string                       `json:"serviceName,omitempty"`
	PodManagementPolicy  apps.PodManagementPolicyType `json:"podManagementPolicy,omitempty"`
	UpdateStrategy       StatefulSetUpdateStrategy    `json:"updateStrategy,omitempty"`
	RevisionHistoryLimit *int32                       `json:"revisionHistoryLimit,omitempty"`
	ReserveOrdinals      []int                        `json:"reserveOrdinals,omitempty"`
	Lifecycle            *pub.Lifecycle               `json:"lifecycle,omitempty"`
	ScaleStrategy        *StatefulSetScaleStrategy    `json:"scaleStrategy,omitempty"`

	PersistentVolumeClaimRetentionPolicy *StatefulSetPersistentVolumeClaimRetentionPolicy `json:"persistentVolumeClaimRetentionPolicy,omitempty"`
	Ordinals                             *StatefulSetOrdinals                             `json:"ordinals,omitempty"`
}

type StatefulSetScaleStrategy struct {
	MaxUnavailable *intstr.IntOrString `json:"maxUnavailable,omitempty"`
}

type StatefulSetStatus struct {
	ObservedGeneration       int64                       `json:"observedGeneration,omitempty"`
	Replicas                 int32                       `json:"replicas"`
	ReadyReplicas            int32                       `json:"readyReplicas"`
	AvailableReplicas        int32                       `json:"availableReplicas"`
	CurrentReplicas          int32                       `json:"currentReplicas"`
	UpdatedReplicas          int32                       `json:"updatedReplicas"`
	UpdatedReadyReplicas     int32                       `json:"updatedReadyReplicas,omitempty"`
	UpdatedAvailableReplicas int32                       `json:"updatedAvailableReplicas,omitempty"`
	CurrentRevision          string                      `json:"currentRevision,omitempty"`
	UpdateRevision           string                      `json:"updateRevision,omitempty"`
	CollisionCount           *int32                      `json:"collisionCount,omitempty"`
	Conditions               []apps.StatefulSetCondition `json:"conditions,omitempty"`
	LabelSelector            string                      `json:"labelSelector,omitempty"`
}

type StatefulSet struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   StatefulSetSpec   `json:"spec,omitempty"`
	Status StatefulSetStatus `json:"status,omitempty"`
}
