#!/usr/bin/env bash
# The Helm chart packaging/helm/historylens-codec, checked as a cluster would take it:
#   1. `helm lint --strict` with the least values (ci/default-values.yaml) and with every part on (ci/full-values.yaml);
#      without a keys Secret the chart refuses to render, naming the value; values.schema.json refuses values
#      serve-codec would refuse;
#   2. `helm template` of both, every object validated strictly against the Kubernetes 1.37 schemas
#      (kubernetes-validate), the ServiceMonitor and the Certificate against their projects' CRDs;
#   3. what a rolling update and the security review need, read off the rendered objects;
#   4. the serve-codec configuration the chart writes is read by the real historylens-cli: the default one serves
#      (keys from a folder laid out as the Secret mounts, /readyz ready, a payload through /encode and /decode), the
#      full one is accepted option by option.
#
#   check-chart.sh BUILD_DIR
set -euo pipefail

build="$(cd "${1:?usage: check-chart.sh BUILD_DIR}" && pwd)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chart="$here/historylens-codec"
root="$(cd "$here/../.." && pwd)"
cli="$build/app/historylens-cli"
venv="$(bash "$root/tests/tools/install-peers.sh")"
helm="$venv/bin/helm"
work="$(mktemp -d)"
server=""
cleanup() {
  [ -z "$server" ] || kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# helm keeps its caches and configuration under HOME; none of the user's.
export HELM_CACHE_HOME="$work/helm-cache" HELM_CONFIG_HOME="$work/helm-config" HELM_DATA_HOME="$work/helm-data"

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

step "helm lint"
"$helm" version --short
for values in default full; do
  "$helm" lint --strict "$chart" -f "$chart/ci/$values-values.yaml" || fail "helm lint with $values values"
done
if "$helm" template codec "$chart" >"$work/no-keys.out" 2>&1; then
  fail "the chart rendered without keys.existingSecret"
fi
grep -q "keys.existingSecret" "$work/no-keys.out" || { cat "$work/no-keys.out"; fail "the refusal does not name keys.existingSecret"; }
# values.schema.json refuses what serve-codec would refuse at start, before anything reaches a cluster.
for bad in 'codec.origins={*}' 'codec.logFormat=xml' 'codec.extraOptions.key=secret' 'codec.extraOptions.drain-timeout=30' \
           'keys.items[0].key=a'; do
  if "$helm" template codec "$chart" --set keys.existingSecret=codec-keys --set "$bad" >"$work/bad.out" 2>&1; then
    fail "the chart rendered with $bad"
  fi
  grep -q "schema" "$work/bad.out" || { cat "$work/bad.out"; fail "$bad was not refused by the values schema"; }
done
if "$helm" template codec "$chart" --set keys.existingSecret=codec-keys --set autoscaling.enabled=true \
     --set autoscaling.minReplicas=5 --set autoscaling.maxReplicas=2 >"$work/bad.out" 2>&1; then
  fail "the chart rendered an autoscaler whose minimum is above its maximum"
fi

step "helm template, validated against the Kubernetes schemas (the oldest the chart allows and the newest) and the CRDs"
for values in default full; do
  "$helm" template codec "$chart" --namespace temporal-codec -f "$chart/ci/$values-values.yaml" >"$work/$values.yaml"
  for kubernetes in 1.30.0 1.37.0; do
    "$venv/bin/kubernetes-validate" --strict --kubernetes-version "$kubernetes" "$work/$values.yaml" | tee "$work/$values.validate"
    if grep -q "^ERROR\|^WARN" "$work/$values.validate"; then
      grep -v "Couldn't find schema for kind \(ServiceMonitor\|Certificate\) " "$work/$values.validate" | grep -q "^ERROR\|^WARN" \
        && fail "$values values: a rendered object does not validate for Kubernetes $kubernetes"
    fi
  done
  "$venv/bin/python" "$here/validate_custom_resources.py" "$venv/crds" "$work/$values.yaml" || fail "$values values: a custom resource does not validate"
done

step "what the rendered objects promise"
# A third rendering on another port and with allowed host names, for what must follow the values.
"$helm" template codec "$chart" --namespace temporal-codec -f "$chart/ci/default-values.yaml" --set codec.port=9443 \
  --set 'codec.allowHosts={codec.example.com}' >"$work/port.yaml"
"$venv/bin/python" - "$work" <<'PY' || fail "a rendered object lacks what the chart promises"
import sys, tomllib, yaml
work = sys.argv[1]

def objects(values):
    found = {}
    for document in yaml.safe_load_all(open(f"{work}/{values}.yaml")):
        if document:
            found[document["kind"]] = document
    return found

problems = []
def expect(condition, what):
    if not condition:
        problems.append(what)

for values in ("default", "full"):
    found = objects(values)
    deployment = found["Deployment"]
    pod = deployment["spec"]["template"]["spec"]
    container = pod["containers"][0]
    security = container["securityContext"]
    expect(pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] == 10001, f"{values}: non-root")
    expect(pod["securityContext"]["fsGroup"] == 10001, f"{values}: fsGroup for the keys")
    expect(security["readOnlyRootFilesystem"] is True, f"{values}: read-only root")
    expect(security["allowPrivilegeEscalation"] is False, f"{values}: no privilege escalation")
    expect(security["capabilities"]["drop"] == ["ALL"], f"{values}: capabilities dropped")
    expect(pod["automountServiceAccountToken"] is False, f"{values}: no service account token")
    expect(container["readinessProbe"]["httpGet"]["path"] == "/readyz", f"{values}: readiness on /readyz")
    expect(container["livenessProbe"]["httpGet"]["path"] == "/healthz", f"{values}: liveness on /healthz")
    keys = next(v for v in pod["volumes"] if v["name"] == "keys")
    expect(keys["secret"]["defaultMode"] == 0o440, f"{values}: keys mounted 0440")
    expect("requests" in container["resources"], f"{values}: resource requests")
    strategy = deployment["spec"]["strategy"]["rollingUpdate"]
    expect(strategy["maxUnavailable"] == 0, f"{values}: a rolling update keeps every replica until its successor is ready")
    config = tomllib.loads(found["ConfigMap"]["data"]["serve.toml"])
    drain = config["drain-timeout"]
    expect(pod["terminationGracePeriodSeconds"] > drain + container.get("lifecycle", {}).get("preStop", {}).get("sleep", {}).get("seconds", 0),
           f"{values}: the grace period outlasts the pre-stop pause and the drain")
    # The image sets HISTORYLENS_SERVE_LISTEN and _LOG_FORMAT, which win over the file: the chart's are arguments.
    expect("listen" not in config and "log-format" not in config, f"{values}: no listen address or log format the image's environment would hide")
    expect(container["args"][0] == "--listen=0.0.0.0:8888" and container["args"][1].startswith("--log-format="), f"{values}: listen and log format as arguments")
    expect(config["no-keychain"] is True, f"{values}: no keychain in a pod")
    expect(found["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"] == deployment["spec"]["selector"]["matchLabels"],
           f"{values}: the disruption budget selects the pods")
    expect(found["Service"]["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"], f"{values}: the Service selects the pods")
    optional = {"Ingress", "ServiceMonitor", "Certificate", "HorizontalPodAutoscaler"}
    present = optional & set(found)
    expect(present == (set() if values == "default" else optional), f"{values}: optional objects {sorted(present)}")
    if values == "default":
        expect(deployment["spec"]["replicas"] == 2, "default: two replicas")
    else:
        expect("replicas" not in deployment["spec"], "full: the autoscaler owns the replica count")
        expect(container["readinessProbe"]["httpGet"]["scheme"] == "HTTPS", "full: probes over HTTPS")
        expect(config["tls-cert-path"].endswith("/tls.crt") and config["rules"].endswith("/rules.toml"), "full: TLS and rules configured")
        expect(found["Certificate"]["spec"]["secretName"] == next(v for v in pod["volumes"] if v["name"] == "tls")["secret"]["secretName"],
               "full: the pod mounts the Secret cert-manager fills")
        endpoint = found["ServiceMonitor"]["spec"]["endpoints"][0]
        expect(endpoint["port"] == found["Service"]["spec"]["ports"][0]["name"], "full: the ServiceMonitor scrapes the Service's port")
        expect(endpoint["scheme"] == "https" and endpoint["tlsConfig"]["ca"]["secret"]["name"] == found["Certificate"]["spec"]["secretName"]
               and endpoint["tlsConfig"]["serverName"] == "codec-historylens-codec.temporal-codec.svc",
               "full: the ServiceMonitor checks the pods' certificate for the Service's name against the Secret's CA")
    with open(f"{work}/{values}-serve.toml", "w") as out:
        out.write(found["ConfigMap"]["data"]["serve.toml"])
    if "rules.toml" in found["ConfigMap"]["data"]:
        tomllib.loads(found["ConfigMap"]["data"]["rules.toml"])
found = objects("port")
container = found["Deployment"]["spec"]["template"]["spec"]["containers"][0]
expect(container["args"][0] == "--listen=0.0.0.0:9443" and container["ports"][0]["containerPort"] == 9443
       and container["readinessProbe"]["httpGet"]["port"] == container["ports"][0]["name"], "codec.port: the server, the port and the probes agree")
hosts = tomllib.loads(found["ConfigMap"]["data"]["serve.toml"])["allow-host"]
expect(hosts[0] == "codec.example.com" and "codec-historylens-codec.temporal-codec.svc" in hosts,
       "codec.allowHosts: the Service's own names still answered")
for problem in problems:
    print("missing:", problem)
sys.exit(1 if problems else 0)
PY
echo "the rendered objects hold what the chart promises"

step "historylens-cli reads the configuration the chart writes"
[ -x "$cli" ] || fail "no historylens-cli in $build"
# The full configuration: every option it sets is one serve-codec knows, with a value of the right kind. (The health
# check parses every option, then finds no server: exit 1; an option it refused would be exit 2.)
set +e
"$cli" serve-codec --config "$work/full-serve.toml" --health-check >"$work/full-check.out" 2>&1
status=$?
set -e
[ "$status" = 1 ] || { cat "$work/full-check.out"; fail "serve-codec refused the full values' configuration (exit $status)"; }
# The default configuration serves, with keys laid out as kubelet mounts the Secret (mode 0440 through ..data).
keys="$work/keys"
mkdir -p "$keys/..2026_12_06_10_00_00.1"
printf '%s' "chart-check-key-chart-check-key!" >"$keys/..2026_12_06_10_00_00.1/chart-key"
chmod 0440 "$keys/..2026_12_06_10_00_00.1/chart-key"
ln -s "..2026_12_06_10_00_00.1" "$keys/..data"
ln -s "..data/chart-key" "$keys/chart-key"
sed "s#\"/var/run/secrets/historylens/keys\"#\"$keys\"#" "$work/default-serve.toml" >"$work/local-serve.toml"
grep -q "$keys" "$work/local-serve.toml" || fail "the key folder is not where the chart mounts it"
# As the pod runs it: the image's environment (here with a text log, to see the arguments win), the chart's
# arguments (its listen address moved to loopback for the test), the chart's file.
args="$("$venv/bin/python" -c 'import sys, yaml; d=[o for o in yaml.safe_load_all(open(sys.argv[1])) if o and o["kind"]=="Deployment"][0]
print(" ".join(a for a in d["spec"]["template"]["spec"]["containers"][0]["args"] if not a.startswith("--listen=")))' "$work/default.yaml")"
# shellcheck disable=SC2086
HISTORYLENS_SERVE_LISTEN=0.0.0.0:8888 HISTORYLENS_SERVE_LOG_FORMAT=text HISTORYLENS_SERVE_CONFIG="$work/local-serve.toml" \
  "$cli" serve-codec $args --listen=127.0.0.1:0 --port-file "$work/port" 2>"$work/serve.log" &
server=$!
for _ in $(seq 1 50); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { cat "$work/serve.log"; fail "serve-codec did not start from the chart's configuration"; }
url="http://127.0.0.1:$(cat "$work/port")"
[ "$(curl -fsS "$url/readyz")" = "ready" ] || fail "/readyz is not ready with the chart's configuration"
plain='{"payloads":[{"metadata":{"encoding":"anNvbi9wbGFpbg=="},"data":"ImNoYXJ0Ig=="}]}'
encoded="$(curl -fsS -H 'Content-Type: application/json' --data "$plain" "$url/encode")"
grep -q "Y2hhcnQta2V5" <<<"$encoded" || fail "/encode did not use the key from the folder: $encoded"
decoded="$(curl -fsS -H 'Content-Type: application/json' --data "$encoded" "$url/decode")"
grep -q '"ImNoYXJ0Ig=="' <<<"$decoded" || fail "/decode did not give the payload back: $decoded"
grep -q '^{' "$work/serve.log" || { cat "$work/serve.log"; fail "the chart's log format is not JSON"; }
echo "PASS: the chart lints, validates and configures a serve-codec that serves"
