package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/rand"
	kjson "sigs.k8s.io/json"

	"kruise-fn/infra/go-oracle/shapes/v1alpha1"
)

// encodeRequest is one stdin line of `encode`: a value to decode into the
// root type named `type` (encodeRoots) and write again with json.Marshal;
// `op` "sidecarset-hash" decodes a v1alpha1.SidecarSet and answers its two
// hash annotations instead.
type encodeRequest struct {
	Op    string          `json:"op,omitempty"`
	Type  string          `json:"type"`
	Value json.RawMessage `json:"value"`
}

// encodeAnswer is one stdout line: the JSON text json.Marshal wrote (as a
// string, so that its bytes reach the test exactly), the hashes, or the error.
type encodeAnswer struct {
	JSON             string `json:"json,omitempty"`
	Hash             string `json:"hash,omitempty"`
	HashWithoutImage string `json:"hashWithoutImage,omitempty"`
	Error            string `json:"error,omitempty"`
}

// encodeValues answers `encode` requests, one per stdin line, in order. The
// value is decoded as controller-runtime's admission decoder decodes an
// object (sigs.k8s.io/json, case-sensitive, integers kept as int64).
func encodeValues() error {
	roots := rootsByName()
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	for {
		line, readErr := in.ReadBytes('\n')
		if raw := bytes.TrimRight(line, "\r\n"); len(raw) > 0 {
			answer, err := json.Marshal(encodeOne(roots, raw))
			if err != nil {
				return err
			}
			out.Write(append(answer, '\n'))
			if in.Buffered() == 0 {
				if err := out.Flush(); err != nil {
					return err
				}
			}
		}
		if readErr == io.EOF {
			return out.Flush()
		}
		if readErr != nil {
			return readErr
		}
	}
}

func encodeOne(roots map[string]reflect.Type, raw []byte) encodeAnswer {
	var req encodeRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		return encodeAnswer{Error: "request: " + err.Error()}
	}
	if req.Op == "sidecarset-hash" {
		var set v1alpha1.SidecarSet
		if err := kjson.UnmarshalCaseSensitivePreserveInts(req.Value, &set); err != nil {
			return encodeAnswer{Error: err.Error()}
		}
		hash, err := sidecarSetHash(&set)
		if err != nil {
			return encodeAnswer{Error: err.Error()}
		}
		withoutImage, err := sidecarSetHashWithoutImage(&set)
		if err != nil {
			return encodeAnswer{Error: err.Error()}
		}
		return encodeAnswer{Hash: hash, HashWithoutImage: withoutImage}
	}
	typ, ok := roots[req.Type]
	if !ok {
		return encodeAnswer{Error: fmt.Sprintf("no root type %q", req.Type)}
	}
	value := reflect.New(typ)
	if err := kjson.UnmarshalCaseSensitivePreserveInts(req.Value, value.Interface()); err != nil {
		return encodeAnswer{Error: err.Error()}
	}
	data, err := json.Marshal(value.Interface())
	if err != nil {
		return encodeAnswer{Error: err.Error()}
	}
	return encodeAnswer{JSON: string(data)}
}

// sidecarSetHash and sidecarSetHashWithoutImage are OpenKruise's
// (kruise@v1.7.4:pkg/control/sidecarcontrol/hash.go): SHA-256 in hex over
// json.Marshal of {"containers": spec.containers}, with "initContainers"
// (all of them) when one is a native sidecar (restartPolicy Always),
// SafeEncodeString'd; the second with every image blanked first.
func sidecarSetHash(set *v1alpha1.SidecarSet) (string, error) {
	m := map[string]interface{}{"containers": set.Spec.Containers}
	for i := range set.Spec.InitContainers {
		policy := set.Spec.InitContainers[i].RestartPolicy
		if policy != nil && *policy == corev1.ContainerRestartPolicyAlways {
			m["initContainers"] = set.Spec.InitContainers
			break
		}
	}
	data, err := json.Marshal(m)
	if err != nil {
		return "", err
	}
	return rand.SafeEncodeString(fmt.Sprintf("%x", sha256.Sum256(data))), nil
}

func sidecarSetHashWithoutImage(set *v1alpha1.SidecarSet) (string, error) {
	blank := func(in []v1alpha1.SidecarContainer) []v1alpha1.SidecarContainer {
		if in == nil {
			return nil
		}
		out := make([]v1alpha1.SidecarContainer, len(in))
		copy(out, in)
		for i := range out {
			out[i].Image = ""
		}
		return out
	}
	copied := *set
	copied.Spec.Containers = blank(set.Spec.Containers)
	copied.Spec.InitContainers = blank(set.Spec.InitContainers)
	return sidecarSetHash(&copied)
}
