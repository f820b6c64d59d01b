{{/*
featureGates parsed as the functions parse it (shared/feature-gates.ts, after
component-base's featuregate.Set): "A=true,B=false", Go's ParseBool
spellings, AllAlpha / AllBeta filling the gates of their stage not given
explicitly; an unknown gate or a bad value fails the install with the
message the functions would exit with. Call with (dict "root" $ "gate" NAME);
yields "true" or "false", before OpenKruise's cascade, which only follows
from PodWebhook and KruiseDaemon and never changes either.
*/}}
{{- define "kruise-fn.gate" -}}
{{- $gates := (.root.Files.Get "files/generated.yaml" | fromYaml).featureGates -}}
{{- $explicit := dict -}}
{{- range $s := splitList "," .root.Values.featureGates -}}
{{- if ne $s "" -}}
{{- if not (contains "=" $s) -}}
{{- fail (printf "featureGates: missing bool value for %s" (trim $s)) -}}
{{- end -}}
{{- $kv := splitn "=" 2 $s -}}
{{- $k := trim $kv._0 -}}
{{- $v := trim $kv._1 -}}
{{- if not (hasKey $gates $k) -}}
{{- fail (printf "featureGates: unrecognized feature gate: %s" $k) -}}
{{- end -}}
{{- if has $v (list "1" "t" "T" "TRUE" "true" "True") -}}
{{- $_ := set $explicit $k "true" -}}
{{- else if has $v (list "0" "f" "F" "FALSE" "false" "False") -}}
{{- $_ := set $explicit $k "false" -}}
{{- else -}}
{{- fail (printf "featureGates: invalid value of %s=%s, err: strconv.ParseBool: parsing %q: invalid syntax" $k $v $v) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- $spec := index $gates .gate -}}
{{- $all := printf "All%s" $spec.stage -}}
{{- if hasKey $explicit .gate -}}
{{- index $explicit .gate -}}
{{- else if hasKey $explicit $all -}}
{{- index $explicit $all -}}
{{- else -}}
{{- $spec.default -}}
{{- end -}}
{{- end -}}

{{/* Whether the webhook certificates come from elsewhere (cert-manager): the EnableExternalCerts gate. */}}
{{- define "kruise-fn.externalCerts" -}}
{{- include "kruise-fn.gate" (dict "root" . "gate" "EnableExternalCerts") -}}
{{- end -}}

{{- define "kruise-fn.platform" -}}
{{- if not (has .Values.platform (list "knative" "lambda")) -}}
{{- fail (printf "platform: %q is not one of knative, lambda" .Values.platform) -}}
{{- end -}}
{{- .Values.platform -}}
{{- end -}}

{{- define "kruise-fn.loggingFormat" -}}
{{- if not (has .Values.manager.loggingFormat (list "" "text" "json")) -}}
{{- fail (printf "manager.loggingFormat: %q is not one of text, json" .Values.manager.loggingFormat) -}}
{{- end -}}
{{- .Values.manager.loggingFormat -}}
{{- end -}}

{{- define "kruise-fn.image" -}}
{{- $fn := index .root.Values.functions .name -}}
{{- printf "%s:%s" $fn.image.repository (default .root.Chart.AppVersion $fn.image.tag) -}}
{{- end -}}

{{- define "kruise-fn.labels" -}}
app.kubernetes.io/name: kruise-fn
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The env every function reads (shared/log, shared/feature-gates, POD_NAMESPACE). */}}
{{- define "kruise-fn.commonEnv" -}}
- name: POD_NAMESPACE
  value: {{ .Values.installation.namespace | quote }}
- name: FEATURE_GATES
  value: {{ .Values.featureGates | quote }}
- name: LOGGING_FORMAT
  value: {{ include "kruise-fn.loggingFormat" . | quote }}
- name: LOG_LEVEL
  value: {{ .Values.manager.log.level | toString | quote }}
{{- end -}}

{{/* A webhook's clientConfig: OpenKruise's Service, or the admission Function URL. */}}
{{- define "kruise-fn.webhookClientConfig" -}}
{{- if eq (include "kruise-fn.platform" .root) "lambda" -}}
{{- $url := required "lambda.functionUrls.admission is required when platform is lambda" .root.Values.lambda.functionUrls.admission -}}
{{- if not (hasPrefix "https://" $url) -}}
{{- fail (printf "lambda.functionUrls.admission: %q must start with https://" $url) -}}
{{- end -}}
url: {{ printf "%s%s" (trimSuffix "/" $url) .path }}
{{- else -}}
service:
  name: kruise-webhook-service
  namespace: {{ .root.Values.installation.namespace }}
  path: {{ .path }}
  port: 443
{{- end -}}
{{- end -}}

{{/*
Who a function's RBAC is bound to: its ServiceAccount on knative, the group
its IAM role is mapped to on lambda. Call with (dict "root" $ "fn" "admission");
"inCluster" true: a ServiceAccount on every platform (the node puller's
DaemonSet runs in the cluster whatever the functions run on).
*/}}
{{- define "kruise-fn.subjects" -}}
{{- if and (eq (include "kruise-fn.platform" .root) "lambda") (not .inCluster) -}}
- apiGroup: rbac.authorization.k8s.io
  kind: Group
  name: {{ required (printf "lambda.groups.%s is required when platform is lambda" .fn) (index .root.Values.lambda.groups .fn) }}
{{- else -}}
- kind: ServiceAccount
  name: kruise-fn-{{ .fn }}
  namespace: {{ .root.Values.installation.namespace }}
{{- end -}}
{{- end -}}

{{/*
A function's ServiceAccount (knative, or "inCluster"), its ClusterRole and
Role, and their bindings; no rules, no role. "fn" is the name after
kruise-fn- (node-puller).
*/}}
{{- define "kruise-fn.rbac" -}}
{{- $name := printf "kruise-fn-%s" .fn -}}
{{- if or (eq (include "kruise-fn.platform" .root) "knative") .inCluster }}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ $name }}
  namespace: {{ .root.Values.installation.namespace }}
  labels:
    {{- include "kruise-fn.labels" .root | nindent 4 }}
  {{- with .root.Values.serviceAccount.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- with .clusterRules }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: {{ $name }}
  labels:
    {{- include "kruise-fn.labels" $.root | nindent 4 }}
rules:
  {{- . | nindent 2 }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: {{ $name }}
  labels:
    {{- include "kruise-fn.labels" $.root | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: {{ $name }}
subjects:
  {{- include "kruise-fn.subjects" $ | nindent 2 }}
{{- end }}
{{- with .namespaceRules }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: {{ $name }}
  namespace: {{ $.root.Values.installation.namespace }}
  labels:
    {{- include "kruise-fn.labels" $.root | nindent 4 }}
rules:
  {{- . | nindent 2 }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: {{ $name }}
  namespace: {{ $.root.Values.installation.namespace }}
  labels:
    {{- include "kruise-fn.labels" $.root | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: {{ $name }}
subjects:
  {{- include "kruise-fn.subjects" $ | nindent 2 }}
{{- end }}
{{- end -}}
