{{/*
One long-running role: Deployment, Service, HorizontalPodAutoscaler, PodDisruptionBudget.
Each takes (dict "root" $ "component" NAME "cfg" ROLE_VALUES) and the Deployment also "args":
the command run under the image's tini entrypoint (args, not command, so tini stays PID 1).
ROLE_VALUES: port, replicas, env, resources, autoscaling, pdb, preStopSleepSeconds,
terminationGracePeriodSeconds, probes, service, podAnnotations, nodeSelector, tolerations, affinity.
*/}}

{{- define "schools24.deployment" -}}
{{- $root := .root }}
{{- $cfg := .cfg }}
{{- $ctx := dict "root" $root "component" .component }}
{{- $probes := mergeOverwrite (deepCopy $root.Values.probes) (deepCopy ($cfg.probes | default dict)) }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "schools24.componentName" $ctx }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "schools24.componentLabels" $ctx | nindent 4 }}
spec:
  {{- if not $cfg.autoscaling.enabled }}
  replicas: {{ $cfg.replicas }}
  {{- end }}
  revisionHistoryLimit: {{ $root.Values.revisionHistoryLimit }}
  selector:
    matchLabels:
      {{- include "schools24.componentSelectorLabels" $ctx | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      # Start new pods before stopping old ones: capacity never dips during a rollout.
      maxSurge: 25%
      maxUnavailable: 0
  template:
    metadata:
      labels:
        {{- include "schools24.componentLabels" $ctx | nindent 8 }}
        {{- with $root.Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        checksum/config: {{ include "schools24.configData" $root | sha256sum }}
        {{- if $root.Values.secrets.create }}
        checksum/secret: {{ toYaml $root.Values.secrets.data | sha256sum }}
        {{- end }}
        {{- if $root.Values.metrics.podAnnotations }}
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ $cfg.port | toString | quote }}
        prometheus.io/path: {{ $root.Values.metrics.path | quote }}
        {{- end }}
        {{- with merge (deepCopy ($cfg.podAnnotations | default dict)) (deepCopy ($root.Values.podAnnotations | default dict)) }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "schools24.serviceAccountName" $root }}
      automountServiceAccountToken: {{ $root.Values.automountServiceAccountToken }}
      # Must exceed preStopSleepSeconds + the app's own drain time, or the kubelet SIGKILLs it.
      terminationGracePeriodSeconds: {{ $cfg.terminationGracePeriodSeconds }}
      {{- with $root.Values.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      containers:
        - name: {{ .component }}
          image: {{ include "schools24.image" $root }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          args: {{ toJson .args }}
          ports:
            - name: http
              containerPort: {{ $cfg.port }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "schools24.configMapName" $root }}
          {{- $env := include "schools24.env" (dict "root" $root "env" $cfg.env "component" .component) | trim }}
          {{- if $env }}
          env:
            {{- $env | nindent 12 }}
          {{- end }}
          startupProbe:
            {{- include "schools24.probe" $probes.startup | nindent 12 }}
          livenessProbe:
            {{- include "schools24.probe" $probes.liveness | nindent 12 }}
          readinessProbe:
            {{- include "schools24.probe" $probes.readiness | nindent 12 }}
          {{- if $cfg.preStopSleepSeconds }}
          lifecycle:
            # Keep serving while endpoints and load balancers drop this pod; SIGTERM comes after.
            preStop:
              exec:
                command: ["sleep", {{ $cfg.preStopSleepSeconds | toString | quote }}]
          {{- end }}
          resources:
            {{- toYaml $cfg.resources | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          volumeMounts:
            {{- include "schools24.tmpVolumeMounts" $root | nindent 12 }}
      volumes:
        {{- include "schools24.tmpVolumes" $root | nindent 8 }}
      {{- with $cfg.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $cfg.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $cfg.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if $root.Values.topologySpread.enabled }}
      topologySpreadConstraints:
        {{- range $key := list "kubernetes.io/hostname" "topology.kubernetes.io/zone" }}
        - maxSkew: 1
          topologyKey: {{ $key }}
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "schools24.componentSelectorLabels" $ctx | nindent 14 }}
        {{- end }}
      {{- end }}
{{- end }}

{{- define "schools24.service" -}}
{{- $ctx := dict "root" .root "component" .component }}
{{- $service := .cfg.service | default dict }}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "schools24.componentName" $ctx }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "schools24.componentLabels" $ctx | nindent 4 }}
  {{- with $service.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ $service.type | default "ClusterIP" }}
  selector:
    {{- include "schools24.componentSelectorLabels" $ctx | nindent 4 }}
  ports:
    - name: http
      port: {{ $service.port | default .cfg.port }}
      targetPort: http
      protocol: TCP
{{- end }}

{{- define "schools24.hpa" -}}
{{- $ctx := dict "root" .root "component" .component }}
{{- $hpa := .cfg.autoscaling }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "schools24.componentName" $ctx }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "schools24.componentLabels" $ctx | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "schools24.componentName" $ctx }}
  minReplicas: {{ $hpa.minReplicas }}
  maxReplicas: {{ $hpa.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $hpa.targetCPUUtilizationPercentage | default 65 }}
    {{- with $hpa.targetMemoryUtilizationPercentage }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ . }}
    {{- end }}
  {{- with ($hpa.behavior | default .root.Values.hpaBehavior) }}
  behavior:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}

{{- define "schools24.pdb" -}}
{{- $ctx := dict "root" .root "component" .component }}
{{- $pdb := .cfg.pdb }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "schools24.componentName" $ctx }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "schools24.componentLabels" $ctx | nindent 4 }}
spec:
  {{- if hasKey $pdb "minAvailable" }}
  minAvailable: {{ $pdb.minAvailable }}
  {{- else }}
  maxUnavailable: {{ $pdb.maxUnavailable | default 1 }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "schools24.componentSelectorLabels" $ctx | nindent 6 }}
{{- end }}

{{/* All of one role's objects, separated by "---". */}}
{{- define "schools24.role" -}}
{{ include "schools24.deployment" . }}
{{- if .withService }}
---
{{ include "schools24.service" . }}
{{- end }}
{{- if .cfg.autoscaling.enabled }}
---
{{ include "schools24.hpa" . }}
{{- end }}
{{- if .cfg.pdb.enabled }}
---
{{ include "schools24.pdb" . }}
{{- end }}
{{- end }}
