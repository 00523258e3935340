{{/* The chart's name, bounded as Kubernetes bounds label values. */}}
{{- define "historylens-codec.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's object name: the release name, with the chart's name unless the release already holds it. */}}
{{- define "historylens-codec.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "historylens-codec.selectorLabels" -}}
app.kubernetes.io/name: {{ include "historylens-codec.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "historylens-codec.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "historylens-codec.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: codec-server
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "historylens-codec.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "historylens-codec.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "historylens-codec.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* The Secret holding tls.crt and tls.key: the user's own, or the one cert-manager fills. */}}
{{- define "historylens-codec.tlsSecretName" -}}
{{- if .Values.tls.certManager.enabled -}}
{{- default (printf "%s-tls" (include "historylens-codec.fullname" .)) .Values.tls.existingSecret -}}
{{- else -}}
{{- required "tls.enabled needs tls.existingSecret (a kubernetes.io/tls Secret) or tls.certManager.enabled" .Values.tls.existingSecret -}}
{{- end -}}
{{- end -}}

{{- define "historylens-codec.scheme" -}}
{{- if .Values.tls.enabled -}}HTTPS{{- else -}}HTTP{{- end -}}
{{- end -}}

{{/* Where the pod finds what is mounted into it. */}}
{{- define "historylens-codec.keysPath" -}}/var/run/secrets/historylens/keys{{- end -}}
{{- define "historylens-codec.tlsPath" -}}/var/run/secrets/historylens/tls{{- end -}}
{{- define "historylens-codec.configPath" -}}/etc/historylens/serve{{- end -}}
{{- define "historylens-codec.rulesPath" -}}/etc/historylens/rules{{- end -}}
{{- define "historylens-codec.jwksCaPath" -}}/etc/historylens/jwks-ca{{- end -}}
