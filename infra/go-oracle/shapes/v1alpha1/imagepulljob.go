package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// kruise@v1.7.4:apis/apps/v1alpha1/imagepulljob_types.go

type ImagePullPolicy string

type ImagePullJobSpec struct {
	Image                string `json:"image"`
	ImagePullJobTemplate `json:",inline"`
}

type ImagePullJobTemplate struct {
	PullSecrets      []string                  `json:"pullSecrets,omitempty"`
	Selector         *ImagePullJobNodeSelector `json:"selector,omitempty"`
	PodSelector      *ImagePullJobPodSelector  `json:"podSelector,omitempty"`
	Parallelism      *intstr.IntOrString       `json:"parallelism,omitempty"`
	PullPolicy       *PullPolicy               `json:"pullPolicy,omitempty"`
	CompletionPolicy CompletionPolicy          `json:"completionPolicy"`
	SandboxConfig    *SandboxConfig            `json:"sandboxConfig,omitempty"`
	ImagePullPolicy  ImagePullPolicy           `json:"imagePullPolicy,omitempty"`
}

type ImagePullJobPodSelector struct {
	metav1.LabelSelector `json:",inline"`
}

type ImagePullJobNodeSelector struct {
	Names                []string `json:"names,omitempty"`
	metav1.LabelSelector `json:",inline"`
}

type PullPolicy struct {
	TimeoutSeconds *int32 `json:"timeoutSeconds,omitempty"`
	BackoffLimit   *int32 `json:"backoffLimit,omitempty"`
}

type ImagePullJobStatus struct {
	StartTime      *metav1.Time `json:"startTime,omitempty"`
	CompletionTime *metav1.Time `json:"completionTime,omitempty"`
	Desired        int32        `json:"desired"`
	Active         int32        `json:"active"`
	Succeeded      int32        `json:"succeeded"`
	Failed         int32        `json:"failed"`
	Message        string       `json:"message,omitempty"`
	FailedNodes    []string     `json:"failedNodes,omitempty"`
}

type ImagePullJob struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   ImagePullJobSpec   `json:"spec,omitempty"`
	Status ImagePullJobStatus `json:"status,omitempty"`
}

// kruise@v1.7.4:apis/apps/v1alpha1/broadcastjob_types.go

type CompletionPolicy struct {
	Type                    CompletionPolicyType `json:"type,omitempty"`
	ActiveDeadlineSeconds   *int64               `json:"activeDeadlineSeconds,omitempty"`
	TTLSecondsAfterFinished *int32               `json:"ttlSecondsAfterFinished,omitempty"`
}

type CompletionPolicyType string

// kruise@v1.7.4:apis/apps/v1alpha1/sandboxconfig_types.go

type SandboxConfig struct {
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}
