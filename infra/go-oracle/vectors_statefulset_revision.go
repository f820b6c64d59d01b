package main

import (
	"encoding/json"

	corev1 "k8s.io/api/core/v1"
)

// statefulSetRevisionData is what OpenKruise's Advanced StatefulSet getPatch
// records (kruise@v1.7.4:pkg/controller/statefulset/stateful_set_utils.go):
// the set encoded as its Go type, decoded into a map, spec.template kept with
// "$patch": "replace", encoded again. Only the template reaches the data, so
// a struct holding just the template has the same encoding.
func statefulSetRevisionData(templateJSON string) []byte {
	var template corev1.PodTemplateSpec
	if err := json.Unmarshal([]byte(templateJSON), &template); err != nil {
		panic(err)
	}
	typed, err := json.Marshal(struct {
		Spec struct {
			Template corev1.PodTemplateSpec `json:"template"`
		} `json:"spec"`
	}{struct {
		Template corev1.PodTemplateSpec `json:"template"`
	}{template}})
	if err != nil {
		panic(err)
	}
	var raw map[string]interface{}
	if err := json.Unmarshal(typed, &raw); err != nil {
		panic(err)
	}
	spec := raw["spec"].(map[string]interface{})
	tmpl := spec["template"].(map[string]interface{})
	tmpl["$patch"] = "replace"
	data, err := json.Marshal(map[string]interface{}{"spec": map[string]interface{}{"template": tmpl}})
	if err != nil {
		panic(err)
	}
	return data
}

var statefulSetTemplates = []string{
	`{"metadata":{"labels":{"app":"sample"}},"spec":{"containers":[{"name":"main","image":"nginx:alpine"}]}}`,
	`{"metadata":{"labels":{"app":"web","tier":"<b>"},"annotations":{"x":"1"},"creationTimestamp":null},` +
		`"spec":{"readinessGates":[{"conditionType":"InPlaceUpdateReady"}],"restartPolicy":"Always",` +
		`"terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","schedulerName":"default-scheduler",` +
		`"securityContext":{},"containers":[{"name":"main","image":"nginx:1.25","ports":[{"containerPort":80,"protocol":"TCP"}],` +
		`"resources":{"limits":{"cpu":"1000m","memory":"128Mi"},"requests":{"cpu":"0.5"}},` +
		`"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent",` +
		`"readinessProbe":{"httpGet":{"path":"/","port":"http","scheme":"HTTP"},"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3},` +
		`"volumeMounts":[{"name":"data","mountPath":"/data"}],"env":[{"name":"A","value":"é\u2028"},{"name":"B","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]},` +
		`{"name":"side","image":"busybox","command":["sh","-c","sleep 1e9"]}],` +
		`"volumes":[{"name":"cfg","configMap":{"name":"c","defaultMode":420}}],` +
		`"affinity":{"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":100,` +
		`"podAffinityTerm":{"labelSelector":{"matchLabels":{"app":"web"}},"topologyKey":"kubernetes.io/hostname"}}]}},` +
		`"tolerations":[{"key":"k","operator":"Exists","effect":"NoSchedule","tolerationSeconds":5}],` +
		`"nodeSelector":{"b":"2","a":"1"},"overhead":{"cpu":"250m"}}}`,
	`{"spec":{"containers":[]}}`,
	`{}`,
}

func statefulSetRevisionVectors() []vector {
	var out []vector
	for _, template := range statefulSetTemplates {
		data := statefulSetRevisionData(template)
		var hashes []string
		for _, probe := range []int32{0, 1, 10} {
			hashes = append(hashes, revisionHash(data, probe))
		}
		out = append(out, vector{"statefulset-revision", map[string]interface{}{"template": json.RawMessage(template)},
			map[string]interface{}{"data": jsOf(string(data)), "hashes": hashes}})
	}
	return out
}
