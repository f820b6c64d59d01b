package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
)

// decodePods answers, per stdin line, what OpenKruise v1.7.4's pod webhook
// answers for that object. PodCreateHandler.Handle
// (pkg/webhook/pod/mutating/pod_create_update_handler.go) decodes req.Object
// into a &corev1.Pod{} with admission.Decoder.Decode and answers
// admission.Errored(http.StatusBadRequest, err) on failure. In
// controller-runtime v0.16.6 (pkg/webhook/admission/decode.go) that is
// runtime.DecodeInto(serializer.NewCodecFactory(scheme).UniversalDeserializer(), raw, into):
// apimachinery's JSON serializer, which reads apiVersion/kind with
// encoding/json and then decodes with sigs.k8s.io/json (case-sensitive,
// UnmarshalCaseSensitivePreserveInts) – not a plain json.Unmarshal. Only the
// Pod kind of the manager's scheme matters for a v1 Pod, so the scheme here
// holds core/v1.
func decodePods() error {
	scheme := runtime.NewScheme()
	if err := corev1.AddToScheme(scheme); err != nil {
		return err
	}
	decoder := serializer.NewCodecFactory(scheme).UniversalDeserializer()
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	for {
		line, readErr := in.ReadBytes('\n')
		if raw := bytes.TrimRight(line, "\r\n"); len(raw) > 0 {
			message := ""
			if err := runtime.DecodeInto(decoder, raw, &corev1.Pod{}); err != nil {
				message = err.Error()
			}
			answer, err := json.Marshal(message)
			if err != nil {
				return err
			}
			out.Write(append(answer, '\n'))
			if err := out.Flush(); err != nil {
				return err
			}
		}
		if readErr == io.EOF {
			return nil
		}
		if readErr != nil {
			return readErr
		}
	}
}
