{{/*
Helpers shared by every template. Each per-service template ranges over
`.Values.services`, builds the service's effective settings with "outpost.service"
and renders one object per enabled service: one set of templates for five services.
*/}}

{{/* Chart name. */}}
{{- define "outpost.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Name prefix of every object: the release name, plus the chart name unless it already contains it. */}}
{{- define "outpost.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "outpost.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one service's objects. Argument: dict root, name. */}}
{{- define "outpost.serviceFullname" -}}
{{- printf "%s-%s" (include "outpost.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Merges map $src into map $dst in place, key by key; lists and scalars of $src replace
those of $dst. Unlike sprig's merge/mergeOverwrite, a false, 0 or "" in $src wins (a
service can switch off what the defaults switch on). Argument: list dst src.
*/}}
{{- define "outpost.mergeInto" -}}
{{- $dst := index . 0 -}}
{{- $src := index . 1 -}}
{{- range $key, $value := $src -}}
{{- if and (kindIs "map" $value) (kindIs "map" (get $dst $key)) -}}
{{- include "outpost.mergeInto" (list (get $dst $key) $value) -}}
{{- else -}}
{{- $_ := set $dst $key (deepCopy $value) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Effective settings of one service: serviceDefaults overridden by services.<name>, plus
its name. Templates call it as
  {{- $svc := dict }}{{- include "outpost.service" (dict "root" $ "name" $name "out" $svc) }}
because a template can only return strings; "out" is filled in place.
*/}}
{{- define "outpost.service" -}}
{{- $defaults := deepCopy .root.Values.serviceDefaults -}}
{{- if eq .name "console" -}}
{{- /* The console has no database; its own settings (oidc, ingress) are read from .Values.console directly. */}}
{{- $_ := unset $defaults "database" -}}
{{- include "outpost.mergeInto" (list .out $defaults) -}}
{{- include "outpost.mergeInto" (list .out (omit .root.Values.console "oidc" "ingress")) -}}
{{- $_ := set .out "console" true -}}
{{- else -}}
{{- include "outpost.mergeInto" (list .out $defaults) -}}
{{- include "outpost.mergeInto" (list .out (index .root.Values.services .name)) -}}
{{- end -}}
{{- $_ := set .out "name" .name -}}
{{- end -}}

{{/*
Everything the chart deploys as a workload (Deployment, Service, ServiceAccount, ConfigMap,
PodDisruptionBudget, NetworkPolicy, HPA): the five services and the console. Whether each is
enabled is read from its effective settings. JSON; read it with
`include "outpost.workloads" . | fromJsonArray`.
*/}}
{{- define "outpost.workloads" -}}
{{- $names := keys .Values.services | sortAlpha -}}
{{- if .Values.console -}}{{- $names = append $names "console" -}}{{- end -}}
{{- $names | toJson -}}
{{- end -}}

{{/*
True ("true") when a workload is enabled: its own `enabled`, else serviceDefaults'. The same answer as
"outpost.service" gives, without merging every setting (helpers call this often). Argument: dict root, name.
*/}}
{{- define "outpost.enabled" -}}
{{- $own := ternary .root.Values.console (index .root.Values.services .name) (eq .name "console") -}}
{{- $enabled := .root.Values.serviceDefaults.enabled -}}
{{- if and $own (hasKey $own "enabled") -}}{{- $enabled = $own.enabled -}}{{- end -}}
{{- if $enabled -}}true{{- end -}}
{{- end -}}

{{/* True ("true") when the console is deployed. Argument: the root context. */}}
{{- define "outpost.consoleEnabled" -}}
{{- include "outpost.enabled" (dict "root" . "name" "console") -}}
{{- end -}}

{{/*
The services the console calls with the signed-in person's token, and the variable each one's
URL reaches it in (its REST clients' config keys quarkus.rest-client.<service>.url). JSON; read
it with `include "outpost.consoleBackends" . | fromJson`.
*/}}
{{- define "outpost.consoleBackends" -}}
{"case-service": "QUARKUS_REST_CLIENT_CASE_SERVICE_URL",
 "routing-service": "QUARKUS_REST_CLIENT_ROUTING_SERVICE_URL",
 "crm-link-service": "QUARKUS_REST_CLIENT_CRM_LINK_SERVICE_URL"}
{{- end -}}

{{/* The enabled services among the console's backends, as a JSON list. Argument: the root context. */}}
{{- define "outpost.consoleEnabledBackends" -}}
{{- $enabled := list -}}
{{- range $name, $_ := include "outpost.consoleBackends" . | fromJson -}}
{{- if and (hasKey $.Values.services $name) (include "outpost.enabled" (dict "root" $ "name" $name)) -}}
{{- $enabled = append $enabled $name -}}
{{- end -}}
{{- end -}}
{{- $enabled | toJson -}}
{{- end -}}

{{/* Name of the Secret with the console's OIDC client secret. Argument: the root context. */}}
{{- define "outpost.consoleOidcSecretName" -}}
{{- default (printf "%s-console-oidc" (include "outpost.fullname" .) | trunc 63 | trimSuffix "-") .Values.console.oidc.existingSecret -}}
{{- end -}}

{{/* Where a workload's settings are in values, for messages: `console` or `services.<name>`. Argument: the name. */}}
{{- define "outpost.valuesPath" -}}
{{- if eq . "console" -}}console{{- else -}}services.{{ . }}{{- end -}}
{{- end -}}

{{/* Labels on every object. Argument: the root context. */}}
{{- define "outpost.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "outpost.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: outpost
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Selector labels of one service's pods. Argument: dict root, name. */}}
{{- define "outpost.selectorLabels" -}}
app.kubernetes.io/name: {{ include "outpost.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* All labels of one service's objects. Argument: dict root, name. */}}
{{- define "outpost.labels" -}}
{{ include "outpost.commonLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* Image reference of a service. Argument: dict root, svc. */}}
{{- define "outpost.image" -}}
{{- $image := .root.Values.image -}}
{{- $tag := default $image.tag .svc.image.tag -}}
{{- if eq $image.flavor "native" -}}
{{- $tag = printf "%s-native" $tag -}}
{{- end -}}
{{- $repository := required (printf "%s.image.repository is required" (include "outpost.valuesPath" .svc.name)) .svc.image.repository -}}
{{- if .svc.image.digest -}}
{{- printf "%s/%s@%s" $image.registry $repository .svc.image.digest -}}
{{- else -}}
{{- printf "%s/%s:%s" $image.registry $repository $tag -}}
{{- end -}}
{{- end -}}

{{/* Name of the Secret with a service's database credentials. Argument: dict root, svc. */}}
{{- define "outpost.dbSecretName" -}}
{{- if .svc.database.existingSecret -}}
{{- .svc.database.existingSecret -}}
{{- else -}}
{{- printf "%s-db" (include "outpost.serviceFullname" (dict "root" .root "name" .svc.name)) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Name of the Secret with the Kafka SASL JAAS line. Argument: the root context. */}}
{{- define "outpost.kafkaSaslSecretName" -}}
{{- default (printf "%s-kafka-sasl" (include "outpost.fullname" .)) .Values.kafka.sasl.existingSecret -}}
{{- end -}}

{{/* Name of the Secret with the webhook secrets. Argument: the root context. */}}
{{/*
The Secret holding channel accounts' sealing key, or "" when none is configured (the key is optional).
*/}}
{{- define "outpost.channelAccountsSecretName" -}}
{{- with .Values.channelAccounts -}}
{{- if .existingSecret -}}{{ .existingSecret }}{{- else if .secretKey -}}{{ printf "%s-channel-accounts" (include "outpost.fullname" $) | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of the Secret with the X app's OAuth client, or empty when none is configured. Argument: the root context. */}}
{{- define "outpost.xOAuthSecretName" -}}
{{- with .Values.xOAuth -}}
{{- if .existingSecret -}}{{ .existingSecret }}{{- else if .clientId -}}{{ printf "%s-x-oauth" (include "outpost.fullname" $) | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- end -}}
{{- end -}}

{{- define "outpost.webhooksSecretName" -}}
{{- default (printf "%s-webhooks" (include "outpost.fullname" .)) .Values.webhooks.existingSecret -}}
{{- end -}}

{{/* Name of the Secret with the links' HMAC keys. Argument: the root context. */}}
{{- define "outpost.linksSecretName" -}}
{{- default (printf "%s-links" (include "outpost.fullname" .)) .Values.links.existingSecret -}}
{{- end -}}

{{/*
The services that serve customer-facing pages with signed links, and the environment
variables each reads (their names are fixed by the services' code: survey-service's
LinksConfig and SurveyConfig, crm-link-service's ConsentConfig). Both read the current key
from OUTPOST_LINKS_SECRET. JSON; read it with `include "outpost.linkServices" . | fromJson`.
*/}}
{{- define "outpost.linkServices" -}}
{"survey-service": {"previousSecretsEnv": "OUTPOST_LINKS_PREVIOUS_SECRETS", "publicBaseUrlEnv": "OUTPOST_SURVEY_PUBLIC_BASE_URL"},
 "crm-link-service": {"previousSecretsEnv": "OUTPOST_CRM_LINK_CONSENT_PREVIOUS_LINK_SECRETS", "publicBaseUrlEnv": "OUTPOST_CRM_LINK_CONSENT_PAGE_BASE_URL"}}
{{- end -}}

{{/* Public base URL of one service's pages: its own, else links.publicBaseUrl, without a trailing slash. Argument: dict root, name. */}}
{{- define "outpost.linksPublicBaseUrl" -}}
{{- $links := .root.Values.links -}}
{{- $own := "" -}}
{{- with $links.services -}}{{- with index . $.name -}}{{- $own = .publicBaseUrl -}}{{- end -}}{{- end -}}
{{- $url := required "links.publicBaseUrl is required: the public URL customers reach the pages at" (default $links.publicBaseUrl $own) -}}
{{- trimSuffix "/" $url -}}
{{- end -}}

{{/*
Names of the services the Ingresses route to, as a JSON list (empty when they are off): the
webhook service, the services of the customer-facing pages, the case API's, and the console
when its own Ingress is on.
The NetworkPolicy admits the ingress controller to these only. Argument: the root context.
*/}}
{{- define "outpost.ingressBackends" -}}
{{- $backends := list -}}
{{- $ing := .Values.ingress -}}
{{- if $ing.enabled -}}
{{- if $ing.webhookPaths -}}{{- $backends = append $backends .Values.webhooks.service -}}{{- end -}}
{{- if $ing.publicPages.enabled -}}
{{- range $ing.publicPages.paths -}}{{- $backends = append $backends .service -}}{{- end -}}
{{- end -}}
{{- if $ing.caseApi.enabled -}}{{- $backends = append $backends $ing.caseApi.service -}}{{- end -}}
{{- end -}}
{{- if and (include "outpost.consoleEnabled" .) .Values.console.ingress.enabled -}}
{{- $backends = append $backends "console" -}}
{{- end -}}
{{- $backends | uniq | toJson -}}
{{- end -}}

{{/* True ("true") when Kafka uses SASL. Argument: the root context. */}}
{{- define "outpost.kafkaSasl" -}}
{{- if hasPrefix "SASL_" .Values.kafka.securityProtocol -}}true{{- end -}}
{{- end -}}

{{/* Where the Kafka truststore is mounted. */}}
{{- define "outpost.truststoreDir" -}}/etc/outpost/kafka-truststore{{- end -}}

{{/* Query string of the PostgreSQL URLs. Argument: the root context. */}}
{{- define "outpost.pgQuery" -}}
{{- with .Values.postgresql.sslMode -}}?sslmode={{ . }}{{- end -}}
{{- end -}}

{{/*
The service's non-secret configuration: the data of its ConfigMap. Secrets never go
here; they reach the container as secretKeyRef env entries (see deployment.yaml).
Argument: dict root, svc.
*/}}
{{- define "outpost.configData" -}}
{{- if .svc.console -}}
{{- include "outpost.consoleConfigData" . -}}
{{- else -}}
{{- include "outpost.serviceConfigData" . -}}
{{- end -}}
{{- end -}}

{{/* Kafka client settings (not the secrets), the same for every workload. Argument: the root context. */}}
{{- define "outpost.kafkaConfigData" -}}
KAFKA_BOOTSTRAP_SERVERS: {{ required "kafka.bootstrapServers is required" .Values.kafka.bootstrapServers | quote }}
KAFKA_SECURITY_PROTOCOL: {{ .Values.kafka.securityProtocol | quote }}
{{- if include "outpost.kafkaSasl" . }}
KAFKA_SASL_MECHANISM: {{ .Values.kafka.sasl.mechanism | quote }}
{{- end }}
{{- with .Values.kafka.tls.truststore }}
{{- if .existingSecret }}
KAFKA_SSL_TRUSTSTORE_LOCATION: {{ printf "%s/%s" (include "outpost.truststoreDir" $) .key | quote }}
KAFKA_SSL_TRUSTSTORE_TYPE: {{ .type | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{/* JVM options (JVM images only). Argument: dict root, svc. */}}
{{- define "outpost.javaOptsConfigData" -}}
{{- if and (ne .root.Values.image.flavor "native") .svc.javaOpts }}
JAVA_OPTS_APPEND: {{ .svc.javaOpts | quote }}
{{- end }}
{{- end -}}

{{/* The workload's own plain env, refusing secret-looking keys. Argument: dict root, svc. */}}
{{- define "outpost.envConfigData" -}}
{{- $svc := .svc -}}
{{- range $key, $value := $svc.env }}
{{- if regexMatch "(?i)(PASSWORD|SECRET|JAAS_CONFIG|CREDENTIALS?$)" $key }}
{{- fail (printf "%s.env.%s looks like a secret: a ConfigMap is no place for it; use extraEnv with valueFrom.secretKeyRef" (include "outpost.valuesPath" $svc.name) $key) }}
{{- end }}
{{ $key }}: {{ $value | toString | quote }}
{{- end }}
{{- end -}}

{{/*
The console's non-secret configuration (the client secret reaches it through secretKeyRef):
its realm and client, Kafka, and the URLs of the release's own Services it calls. No audience
check is configured: as a web application it verifies its ID tokens, whose audience is its
client id. Argument: dict root, svc.
*/}}
{{- define "outpost.consoleConfigData" -}}
{{- $root := .root -}}
{{- $console := $root.Values.console -}}
QUARKUS_HTTP_PORT: {{ .svc.port | int | quote }}
{{ include "outpost.kafkaConfigData" $root }}
QUARKUS_OIDC_AUTH_SERVER_URL: {{ required "console.oidc.authServerUrl (or oidc.authServerUrl) is required when console.enabled: the issuer URL of the realm people sign in to the console with" (default $root.Values.oidc.authServerUrl $console.oidc.authServerUrl) | quote }}
QUARKUS_OIDC_CLIENT_ID: {{ required "console.oidc.clientId is required when console.enabled" $console.oidc.clientId | quote }}
{{- if and $console.ingress.enabled $console.ingress.tlsSecret }}
{{- /* TLS ends at the Ingress, so requests arrive over plain HTTP: redirect URIs must still say https and cookies stay Secure. */}}
QUARKUS_OIDC_AUTHENTICATION_FORCE_REDIRECT_HTTPS_SCHEME: "true"
QUARKUS_OIDC_AUTHENTICATION_COOKIE_FORCE_SECURE: "true"
QUARKUS_REST_CSRF_COOKIE_FORCE_SECURE: "true"
{{- end }}
{{- $backends := include "outpost.consoleBackends" $root | fromJson }}
{{- range $name := include "outpost.consoleEnabledBackends" $root | fromJsonArray }}
{{- /* A service's port is always its own (services.<name>.port; serviceDefaults has none). */}}
{{ index $backends $name }}: {{ printf "http://%s:%d" (include "outpost.serviceFullname" (dict "root" $root "name" $name)) (int (index $root.Values.services $name).port) | quote }}
{{- end }}
{{- include "outpost.javaOptsConfigData" . }}
{{- include "outpost.envConfigData" . }}
{{- end -}}

{{/* A service's non-secret configuration. Argument: dict root, svc. */}}
{{- define "outpost.serviceConfigData" -}}
{{- $root := .root -}}
{{- $svc := .svc -}}
{{- $host := default $root.Values.postgresql.host $svc.database.host -}}
{{- $port := int (default $root.Values.postgresql.port $svc.database.port) -}}
{{- $db := required (printf "services.%s.database.name is required" $svc.name) $svc.database.name -}}
{{- $query := include "outpost.pgQuery" $root -}}
QUARKUS_HTTP_PORT: {{ $svc.port | int | quote }}
{{ include "outpost.kafkaConfigData" $root }}
QUARKUS_DATASOURCE_REACTIVE_URL: {{ printf "postgresql://%s:%d/%s%s" $host $port $db $query | quote }}
QUARKUS_DATASOURCE_JDBC_URL: {{ printf "jdbc:postgresql://%s:%d/%s%s" $host $port $db $query | quote }}
QUARKUS_OIDC_AUTH_SERVER_URL: {{ required "oidc.authServerUrl is required" $root.Values.oidc.authServerUrl | quote }}
{{- with $root.Values.oidc.audience }}
QUARKUS_OIDC_TOKEN_AUDIENCE: {{ . | quote }}
{{- end }}
{{- with $root.Values.tracing.otlpEndpoint }}
{{- /* service-kit switches tracing on when an endpoint is configured (config.TracingSwitch). */}}
QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT: {{ . | quote }}
{{- /* The sampler (parent-based, trace-id ratio) is built into the services; only its ratio is set at run time. */}}
QUARKUS_OTEL_TRACES_SAMPLER_ARG: {{ $root.Values.tracing.samplerRatio | toString | quote }}
{{- end }}
{{- include "outpost.javaOptsConfigData" . }}
{{- with index (include "outpost.linkServices" $root | fromJson) $svc.name }}
{{ .publicBaseUrlEnv }}: {{ include "outpost.linksPublicBaseUrl" (dict "root" $root "name" $svc.name) | quote }}
{{- end }}
{{- include "outpost.envConfigData" . }}
{{- end -}}

{{/*
The names of the enabled services' Services and Deployments (they are the same,
`<fullname>-<service>`) as an anchored PromQL regular expression inside a PromQL string:
alternatives joined by `|`, dots escaped. Argument: the root context.
*/}}
{{- define "outpost.monitoring.namesRegex" -}}
{{- $names := list -}}
{{- range $name, $_ := .Values.services -}}
{{- $svc := dict -}}
{{- include "outpost.service" (dict "root" $ "name" $name "out" $svc) -}}
{{- if $svc.enabled -}}
{{- $names = append $names (include "outpost.serviceFullname" (dict "root" $ "name" $name) | replace "." "\\\\.") -}}
{{- end -}}
{{- end -}}
{{- join "|" $names -}}
{{- end -}}

{{/*
PromQL label matchers (no braces) of this release's series in the services' own metrics:
Prometheus (through the chart's ServiceMonitors) labels them with the Service's namespace
and with job = the Service's name. Argument: the root context.
*/}}
{{- define "outpost.monitoring.selector" -}}
{{- with .Values.monitoring.prometheusRule.selector -}}
{{- . -}}
{{- else -}}
namespace="{{ .Release.Namespace }}",job=~"{{ include "outpost.monitoring.namesRegex" . }}"
{{- end -}}
{{- end -}}

{{/* PromQL label matchers (no braces) of this release's Deployments in kube-state-metrics' series. Argument: the root context. */}}
{{- define "outpost.monitoring.deploymentSelector" -}}
{{- with .Values.monitoring.prometheusRule.deploymentSelector -}}
{{- . -}}
{{- else -}}
namespace="{{ .Release.Namespace }}",deployment=~"{{ include "outpost.monitoring.namesRegex" . }}"
{{- end -}}
{{- end -}}
