{{/* The release's full name: the release name, or release-chart when it lacks the chart's. */}}
{{- define "tickwire.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels that select the release's pods; never change them on an installed release. */}}
{{- define "tickwire.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of every object. */}}
{{- define "tickwire.labels" -}}
{{ include "tickwire.selectorLabels" . }}
app.kubernetes.io/part-of: tickwire
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "tickwire.serviceAccountName" -}}
{{- default (include "tickwire.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{- define "tickwire.secretName" -}}
{{- if .Values.secret.create -}}
{{- printf "%s-secrets" (include "tickwire.fullname" .) -}}
{{- else -}}
{{- required "secret.existingSecret: name the Secret with the TICKWIRE_ variables (or set secret.create)" .Values.secret.existingSecret -}}
{{- end -}}
{{- end -}}

{{- define "tickwire.clusterTlsSecretName" -}}
{{- default (printf "%s-cluster-tls" (include "tickwire.fullname" .)) .Values.clusterTls.secretName -}}
{{- end -}}

{{/* The headless service: the StatefulSet's governing service and Hazelcast's DNS name. */}}
{{- define "tickwire.headlessName" -}}
{{- printf "%s-hazelcast" (include "tickwire.fullname" .) -}}
{{- end -}}

{{- define "tickwire.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
