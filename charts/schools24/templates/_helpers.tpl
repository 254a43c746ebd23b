{{/*
Names, labels and the shared pieces every Schools24 role uses. Component helpers take
(dict "root" $ "component" "<gateway|identity|...|worker|migrate>").
*/}}

{{- define "schools24.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "schools24.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "schools24.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "schools24.selectorLabels" -}}
app.kubernetes.io/name: {{ include "schools24.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "schools24.labels" -}}
helm.sh/chart: {{ include "schools24.chart" . }}
{{ include "schools24.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | toString | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: schools24
{{- end }}

{{/*
"<fullname>-<component>": Deployment, Service, HPA, PDB and Job names. The fullname part is
shortened first, so a long release name never truncates the component away (which would give
every role the same name).
*/}}
{{- define "schools24.componentName" -}}
{{- $prefix := include "schools24.fullname" .root | trunc (int (sub 62 (len .component))) | trimSuffix "-" }}
{{- printf "%s-%s" $prefix .component }}
{{- end }}

{{- define "schools24.componentSelectorLabels" -}}
{{ include "schools24.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "schools24.componentLabels" -}}
{{ include "schools24.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "schools24.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion | toString) }}
{{- end }}
{{- end }}

{{- define "schools24.configMapName" -}}
{{- printf "%s-config" (include "schools24.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "schools24.secretName" -}}
{{- .Values.secrets.name | default (printf "%s-secrets" (include "schools24.fullname" .) | trunc 63 | trimSuffix "-") }}
{{- end }}

{{- define "schools24.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- .Values.serviceAccount.name | default (include "schools24.fullname" .) }}
{{- else }}
{{- .Values.serviceAccount.name | default "default" }}
{{- end }}
{{- end }}

{{/*
The non-secret environment as a YAML map of strings: computed ports and subgraph URLs, then
.Values.config on top; empty values are dropped (the app's zod schema would reject an empty URL).
Rendered into the ConfigMap, and inline into the migration Job (a pre-install hook runs before the
ConfigMap exists).
*/}}
{{- define "schools24.configData" -}}
{{- $topology := .Values.topology }}
{{- if not (has $topology (list "distributed" "all-in-one")) }}
{{- fail (printf "topology must be \"distributed\" or \"all-in-one\", not %q" (toString $topology)) }}
{{- end }}
{{- $data := dict "HOST" "0.0.0.0" "TMPDIR" "/tmp" "TOPOLOGY" $topology }}
{{- $_ := set $data "GATEWAY_PORT" (toString .Values.gateway.port) }}
{{- $_ := set $data "WORKER_PORT" (toString .Values.worker.port) }}
{{- range $sg := .Values.subgraphs }}
{{- $prefix := upper $sg.name }}
{{- $_ := set $data (printf "%s_PORT" $prefix) (toString $sg.port) }}
{{- if eq $topology "distributed" }}
{{- $service := include "schools24.componentName" (dict "root" $ "component" $sg.name) }}
{{- $_ := set $data (printf "%s_URL" $prefix) (printf "http://%s:%s/graphql" $service (toString $sg.port)) }}
{{- end }}
{{- end }}
{{- range $key, $value := .Values.config }}
{{- $_ := set $data $key (ternary "" (toString $value) (kindIs "invalid" $value)) }}
{{- end }}
{{- $out := dict }}
{{- range $key, $value := $data }}
{{- if ne $value "" }}
{{- $_ := set $out $key $value }}
{{- end }}
{{- end }}
{{- toYaml $out }}
{{- end }}

{{/*
Env entries shared by every role: secretEnv, then the role's own plain env (dict "root" $ "env" map
"component" NAME), then extraEnv. Later entries win over earlier ones and over envFrom. A secretEnv
entry with `components: [...]` goes only to those roles (e.g. the signing keys only to identity and
the gateway, which hosts identity in the all-in-one topology).
*/}}
{{- define "schools24.env" -}}
{{- $secretName := include "schools24.secretName" .root }}
{{- $component := .component | default "" }}
{{- range $name, $ref := .root.Values.secretEnv }}
{{- if and $ref (or (not $ref.components) (has $component $ref.components)) }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ $ref.secretName | default $secretName }}
      key: {{ $ref.key | default $name }}
      {{- if $ref.optional }}
      optional: true
      {{- end }}
{{- end }}
{{- end }}
{{- range $name, $value := .env }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- with .root.Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Writable scratch space under the read-only root filesystem (see values: tmpVolume). */}}
{{- define "schools24.tmpVolumes" -}}
- name: tmp
  emptyDir:
    {{- with .Values.tmpVolume.medium }}
    medium: {{ . }}
    {{- end }}
    sizeLimit: {{ .Values.tmpVolume.sizeLimit }}
- name: app-tmp
  emptyDir:
    {{- with .Values.tmpVolume.medium }}
    medium: {{ . }}
    {{- end }}
    sizeLimit: {{ .Values.tmpVolume.sizeLimit }}
{{- end }}

{{- define "schools24.tmpVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: app-tmp
  mountPath: /app/.tmp
{{- end }}

{{- define "schools24.probe" -}}
httpGet:
  path: {{ .path }}
  port: http
{{- with .initialDelaySeconds }}
initialDelaySeconds: {{ . }}
{{- end }}
periodSeconds: {{ .periodSeconds }}
timeoutSeconds: {{ .timeoutSeconds }}
failureThreshold: {{ .failureThreshold }}
{{- end }}
