package main

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/rand"
)

// revisionSidecarContainer has the JSON layout of OpenKruise's
// SidecarContainer (kruise@v1.7.4:apis/apps/v1alpha1/sidecarset_types.go):
// a core Container inline, then the SidecarSet fields.
type revisionSidecarContainer struct {
	corev1.Container `json:",inline"`
	PodInjectPolicy  string `json:"podInjectPolicy,omitempty"`
	UpgradeStrategy  struct {
		UpgradeType          string `json:"upgradeType,omitempty"`
		HotUpgradeEmptyImage string `json:"hotUpgradeEmptyImage,omitempty"`
	} `json:"upgradeStrategy,omitempty"`
	ShareVolumePolicy struct {
		Type string `json:"type,omitempty"`
	} `json:"shareVolumePolicy,omitempty"`
	TransferEnv []struct {
		SourceContainerName     string `json:"sourceContainerName,omitempty"`
		SourceContainerNameFrom *struct {
			FieldRef *corev1.ObjectFieldSelector `json:"fieldRef,omitempty"`
		} `json:"sourceContainerNameFrom,omitempty"`
		EnvName  string   `json:"envName,omitempty"`
		EnvNames []string `json:"envNames,omitempty"`
	} `json:"transferEnv,omitempty"`
}

// revisionSpec holds the SidecarSetSpec fields a ControllerRevision records,
// with their tags; the others are never copied into the revision.
type revisionSpec struct {
	InitContainers   []revisionSidecarContainer    `json:"initContainers,omitempty"`
	Containers       []revisionSidecarContainer    `json:"containers,omitempty"`
	Volumes          []corev1.Volume               `json:"volumes,omitempty"`
	ImagePullSecrets []corev1.LocalObjectReference `json:"imagePullSecrets,omitempty"`
	PatchPodMetadata []struct {
		Annotations map[string]string `json:"annotations,omitempty"`
		PatchPolicy string            `json:"patchPolicy,omitempty"`
	} `json:"patchPodMetadata,omitempty"`
}

// revisionData is what OpenKruise's history_control.go getPatch records:
// the SidecarSet encoded as its Go type, decoded into a map, the five
// recorded spec fields copied under "$patch": "replace", encoded again.
func revisionData(specJSON string) []byte {
	var spec revisionSpec
	if err := json.Unmarshal([]byte(specJSON), &spec); err != nil {
		panic(err)
	}
	typed, err := json.Marshal(struct {
		Spec revisionSpec `json:"spec"`
	}{spec})
	if err != nil {
		panic(err)
	}
	var raw map[string]interface{}
	if err := json.Unmarshal(typed, &raw); err != nil {
		panic(err)
	}
	src := raw["spec"].(map[string]interface{})
	dst := map[string]interface{}{"$patch": "replace"}
	for _, f := range []string{"volumes", "containers", "initContainers", "imagePullSecrets", "patchPodMetadata"} {
		dst[f] = src[f]
	}
	data, err := json.Marshal(map[string]interface{}{"spec": dst})
	if err != nil {
		panic(err)
	}
	return data
}

// revisionHash is kubernetes v1.28.9 pkg/controller/history
// HashControllerRevision for a revision holding raw data and a probe: FNV-1
// (32 bit) over the data, then over the probe's decimal text, its sum in
// decimal, SafeEncodeString'd.
func revisionHash(data []byte, probe int32) string {
	hf := fnv.New32()
	hf.Write(data)
	hf.Write([]byte(strconv.FormatInt(int64(probe), 10)))
	return rand.SafeEncodeString(fmt.Sprint(hf.Sum32()))
}

var revisionSpecs = []string{
	`{"containers":[{"name":"container1","image":"test-image"}]}`,
	`{"containers":[{"name":"log-agent","image":"ex/log:1","podInjectPolicy":"BeforeAppContainer",` +
		`"upgradeStrategy":{"upgradeType":"ColdUpgrade"},"shareVolumePolicy":{"type":"disabled"},` +
		`"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File",` +
		`"imagePullPolicy":"IfNotPresent","resources":{},"volumeMounts":[{"name":"log","mountPath":"/var/log"}]}],` +
		`"volumes":[{"name":"log","emptyDir":{}}],"updateStrategy":{"type":"RollingUpdate"}}`,
	`{"containers":[{"name":"c","image":"i"}],"volumes":[` +
		`{"name":"h","hostPath":{"path":"/var/log","type":""}},` +
		`{"name":"cm","configMap":{"name":"cfg","items":[{"key":"k","path":"p","mode":256}],"defaultMode":420}},` +
		`{"name":"s","secret":{"secretName":"sec","defaultMode":420,"optional":false}},` +
		`{"name":"d","downwardAPI":{"items":[{"path":"labels","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.labels"}}],"defaultMode":420}},` +
		`{"name":"p","projected":{"sources":[{"serviceAccountToken":{"expirationSeconds":3600,"path":"token"}},{"configMap":{"name":"cfg"}}],"defaultMode":420}},` +
		`{"name":"e","emptyDir":{"medium":"","sizeLimit":"1024Mi"}},` +
		`{"name":"pvc","persistentVolumeClaim":{"claimName":"data","readOnly":false}},` +
		`{"name":"n","nfs":{"server":"10.0.0.1","path":"/export"}},` +
		`{"name":"csi","csi":{"driver":"d.example.com","volumeAttributes":{"b":"2","a":"1"}}},` +
		`{"name":"eph","ephemeral":{"volumeClaimTemplate":{"metadata":{"labels":{"x":"y"}},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1024Mi"}}}}}},` +
		`{"name":"empty-projected","projected":{"sources":[]}},` +
		`{"name":"none"}]}`,
	`{"containers":[{"name":"c","image":"i"}],"imagePullSecrets":[{"name":"reg"},{}],` +
		`"patchPodMetadata":[{"annotations":{"b":"<&>","a":"{\"x\":1}"},"patchPolicy":"MergePatchJson"},{"annotations":{}}]}`,
	`{"initContainers":[{"name":"init","image":"busybox","restartPolicy":"Always"},{"name":"plain","image":"busybox"}]}`,
	`{"containers":[{"name":"c","image":"i","foo":"unknown","ports":[{"containerPort":80},{"name":"m","containerPort":9090,"protocol":"TCP"}],` +
		`"env":[{"name":"A","value":"é\u2028<"},{"name":"B","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}},` +
		`{"name":"C","valueFrom":{"resourceFieldRef":{"resource":"limits.cpu","divisor":"1000m"}}}],` +
		`"resources":{"limits":{"cpu":"1000m","memory":"128Mi"},"requests":{"cpu":"0.5"}},` +
		`"readinessProbe":{"httpGet":{"path":"/","port":8080,"scheme":"HTTP"},"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3},` +
		`"transferEnv":[{"sourceContainerName":"app","envName":"TZ"},{"sourceContainerNameFrom":{"fieldRef":{"fieldPath":"metadata.labels['app']"}},"envNames":["X","Y"]}]}]}`,
	`{"containers":[],"volumes":[],"imagePullSecrets":[],"initContainers":[],"patchPodMetadata":[]}`,
	`{"containers":[{"name":"mesh","image":"ex/mesh:2","upgradeStrategy":{"upgradeType":"HotUpgrade","hotUpgradeEmptyImage":"ex/empty:1"}}]}`,
}

// revisionVectors: the data bytes and the names' hashes for a few
// collision counts.
func revisionVectors() []vector {
	var out []vector
	for _, spec := range revisionSpecs {
		data := revisionData(spec)
		var hashes []string
		for _, probe := range []int32{0, 1, 10} {
			hashes = append(hashes, revisionHash(data, probe))
		}
		out = append(out, vector{"revision", map[string]interface{}{"spec": json.RawMessage(spec)},
			map[string]interface{}{"data": jsOf(string(data)), "hashes": hashes}})
	}
	return out
}
