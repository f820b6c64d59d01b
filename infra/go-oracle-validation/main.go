// Command go-oracle-validation answers what OpenKruise v1.7.4's SidecarSet
// webhook answers of containers, init containers and volumes: it reads one
// request per stdin line ({"kind": "containers"|"initContainers"|"volumes",
// "containers": [...], "initContainers": [...], "volumes": [...]}, core/v1
// JSON), converts them to the internal core types as the webhook does
// (getCoreVolumes, validateContainersForSidecarSet), validates the same fake
// pod with the same options (corevalidation.ValidatePodCreate,
// webhookutil.DefaultPodValidationOptions), and writes, per line, the field
// errors each as err.Error() and their aggregate, or the decode error.
//
// It is a module of its own (infra/go-oracle-validation/build.sh) because
// k8s.io/kubernetes is large: the format oracle stays quick to build.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/kubernetes/pkg/apis/core"
	corev1 "k8s.io/kubernetes/pkg/apis/core/v1"
	corevalidation "k8s.io/kubernetes/pkg/apis/core/validation"
	"k8s.io/kubernetes/pkg/capabilities"
)

// The options of kruise@v1.7.4:pkg/webhook/util/pod_validation.go.
var defaultPodValidationOptions = corevalidation.PodValidationOptions{
	AllowInvalidPodDeletionCost:                       true,
	AllowIndivisibleHugePagesValues:                   true,
	AllowInvalidLabelValueInSelector:                  true,
	AllowHostIPsField:                                 true,
	AllowInvalidTopologySpreadConstraintLabelSelector: true,
	AllowMutableNodeSelectorAndNodeAffinity:           true,
	ResourceIsPod:                                     true,
}

type request struct {
	Kind           string         `json:"kind"`
	Containers     []v1.Container `json:"containers"`
	InitContainers []v1.Container `json:"initContainers"`
	Volumes        []v1.Volume    `json:"volumes"`
}

type answer struct {
	Errors    []string `json:"errors"`
	Aggregate string   `json:"aggregate"`
	Error     string   `json:"error,omitempty"`
}

// validate follows kruise@v1.7.4 getCoreVolumes and validateContainersForSidecarSet
// (the parts that reach Kubernetes core validation).
func validate(req *request) field.ErrorList {
	allErrs := field.ErrorList{}
	root := field.NewPath("spec")
	var coreVolumes []core.Volume
	for _, volume := range req.Volumes {
		coreVolume := core.Volume{}
		if err := corev1.Convert_v1_Volume_To_core_Volume(&volume, &coreVolume, nil); err != nil {
			return append(allErrs, field.Invalid(root.Child("volumes").Root(), volume, fmt.Sprintf("Convert_v1_Volume_To_core_Volume failed: %v", err)))
		}
		coreVolumes = append(coreVolumes, coreVolume)
	}
	var coreInitContainers []core.Container
	for _, container := range req.InitContainers {
		coreContainer := core.Container{}
		if err := corev1.Convert_v1_Container_To_core_Container(&container, &coreContainer, nil); err != nil {
			return append(allErrs, field.Invalid(root.Root().Child("initContainer"), container, fmt.Sprintf("Convert_v1_Container_To_core_Container failed: %v", err)))
		}
		coreInitContainers = append(coreInitContainers, coreContainer)
	}
	var coreContainers []core.Container
	for _, container := range req.Containers {
		coreContainer := core.Container{}
		if err := corev1.Convert_v1_Container_To_core_Container(&container, &coreContainer, nil); err != nil {
			return append(allErrs, field.Invalid(root.Root().Child("container"), container, fmt.Sprintf("Convert_v1_Container_To_core_Container failed: %v", err)))
		}
		coreContainers = append(coreContainers, coreContainer)
	}
	if len(coreContainers) == 0 {
		coreContainers = []core.Container{{
			Name:                     "test",
			Image:                    "busybox",
			ImagePullPolicy:          core.PullIfNotPresent,
			TerminationMessagePolicy: core.TerminationMessageReadFile,
		}}
	}
	fakePod := &core.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "test", Namespace: "default"},
		Spec: core.PodSpec{
			DNSPolicy:          core.DNSClusterFirst,
			RestartPolicy:      core.RestartPolicyAlways,
			InitContainers:     coreInitContainers,
			Containers:         coreContainers,
			Volumes:            coreVolumes,
			ServiceAccountName: "default",
		},
	}
	return append(allErrs, corevalidation.ValidatePodCreate(fakePod, defaultPodValidationOptions)...)
}

func main() {
	if len(os.Args) != 2 || os.Args[1] != "validate" {
		fmt.Fprintln(os.Stderr, "usage: go-oracle-validation validate")
		os.Exit(2)
	}
	// kruise@v1.7.4:main.go: --allow-privileged defaults to true.
	capabilities.Initialize(capabilities.Capabilities{AllowPrivileged: true})
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 0, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	for in.Scan() {
		var req request
		var a answer
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			a.Error = err.Error()
		} else {
			errs := validate(&req)
			a.Errors = []string{}
			for _, e := range errs {
				a.Errors = append(a.Errors, e.Error())
			}
			if agg := errs.ToAggregate(); agg != nil {
				a.Aggregate = agg.Error()
			}
		}
		if err := enc.Encode(&a); err != nil {
			fmt.Fprintln(os.Stderr, "go-oracle-validation:", err)
			os.Exit(1)
		}
	}
	if err := out.Flush(); err != nil || in.Err() != nil {
		fmt.Fprintln(os.Stderr, "go-oracle-validation:", err, in.Err())
		os.Exit(1)
	}
}
