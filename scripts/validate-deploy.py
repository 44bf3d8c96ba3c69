#!/usr/bin/env python3
"""Checks compose/ and k8s/ with no container engine and no cluster (scripts/validate-deploy.sh installs the tools).

1. The compose files against the Compose Specification's schema (check-jsonschema's vendored copy).
2. compose/Dockerfile with hadolint.
3. Every kustomize overlay rendered by kubectl's built-in kustomize; Kubernetes' own kinds validated by
   kubernetes-validate against Kubernetes KUBERNETES_VERSION (strict: unknown fields fail), the custom resources
   against k8s/schemas/.
4. Every configuration key in the mounted run configurations and every TAO_* variable the manifests set exists in
   docs/configuration.md's reference (TAO_KAFKA_<PROPERTY> must name a librdkafka property), so a typo fails CI;
   and a self-test: a misspelt key and variable must be caught.
"""
import json
import os
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KUBERNETES_VERSION = "1.31.0"
COMPOSE_FILES = ["compose/compose.yaml", "compose/compose.single.yaml", "compose/fleet.yaml"]
RUN_CONFIGURATIONS = ["compose/run.yaml", "k8s/base/run.yaml"]
KUSTOMIZATIONS = ["k8s/base", "k8s/overlays/existing-kafka", "k8s/overlays/strimzi"]
CORE_API_GROUPS = {"v1", "apps/v1", "batch/v1", "policy/v1", "networking.k8s.io/v1"}
CUSTOM_SCHEMAS = {
    ("keda.sh/v1alpha1", "ScaledObject"): "scaledobject.json",
    ("keda.sh/v1alpha1", "TriggerAuthentication"): "triggerauthentication.json",
    ("monitoring.coreos.com/v1", "PodMonitor"): "podmonitor.json",
    ("kafka.strimzi.io/v1beta2", "Kafka"): "kafka.json",
    ("kafka.strimzi.io/v1beta2", "KafkaNodePool"): "kafkanodepool.json",
    ("kafka.strimzi.io/v1beta2", "KafkaTopic"): "kafkatopic.json",
    ("kafka.strimzi.io/v1beta2", "KafkaUser"): "kafkauser.json",
}

failures = []


def run(command, what):
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        failures.append(f"{what}:\n{result.stdout}{result.stderr}")
    return result


def reference():
    """Keys (section.key) and environment variables from docs/configuration.md's generated tables."""
    keys, variables, section = set(), set(), None
    for line in open(os.path.join(ROOT, "docs/configuration.md"), encoding="utf-8"):
        if line.startswith("### `"):
            section = line.split("`")[1]
        elif line.startswith("| `") and section:
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            keys.add(f"{section}.{cells[0].strip('`')}")
            if cells[4].startswith("`TAO_"):
                variables.add(cells[4].strip("`"))
    return keys, variables


def unknown_keys(document, keys, prefix=""):
    """Paths in a run configuration that are no key: a known key ends the walk (its value may be a mapping)."""
    found = []
    for name, value in (document or {}).items():
        path = f"{prefix}{name}"
        if path in keys:
            continue
        if isinstance(value, dict) and any(key.startswith(path + ".") for key in keys):
            found += unknown_keys(value, keys, path + ".")
        else:
            found.append(path)
    return found


def librdkafka_knows(variable):
    """TAO_KAFKA_SASL_USERNAME → sasl.username, asked of librdkafka itself (rd_kafka_conf_set says UNKNOWN)."""
    import ctypes

    library = ctypes.CDLL("librdkafka.so.1")
    library.rd_kafka_conf_new.restype = ctypes.c_void_p
    library.rd_kafka_conf_set.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t]
    library.rd_kafka_conf_destroy.argtypes = [ctypes.c_void_p]
    name = variable[len("TAO_KAFKA_"):].lower().replace("_", ".")
    conf = library.rd_kafka_conf_new()
    error = ctypes.create_string_buffer(512)
    result = library.rd_kafka_conf_set(conf, name.encode(), b"x", error, 512)
    library.rd_kafka_conf_destroy(conf)
    return result != -2  # RD_KAFKA_CONF_UNKNOWN; a bad value (RD_KAFKA_CONF_INVALID) still names a property


def unknown_variables(names, variables):
    return [name for name in names if name.startswith("TAO_") and name not in variables
            and not (name.startswith("TAO_KAFKA_") and librdkafka_knows(name))]


def variables_in_compose(document):
    names = []
    for service in (document.get("services") or {}).values():
        environment = service.get("environment") or {}
        names += list(environment) if isinstance(environment, dict) else [e.split("=")[0] for e in environment]
    return names


def variables_in_manifests(documents):
    names = []

    def walk(node):
        if isinstance(node, dict):
            for key in ("env",):
                for item in node.get(key) or []:
                    if isinstance(item, dict) and "name" in item:
                        names.append(item["name"])
            if node.get("kind") == "Secret":
                names.extend(k for k in (node.get("stringData") or {}) if k.startswith("TAO_"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(documents)
    return names


def check_compose():
    for file in COMPOSE_FILES:
        run(["check-jsonschema", "--builtin-schema", "vendor.compose-spec", file], f"{file} against the Compose Specification")
    run(["hadolint", "--config", "compose/.hadolint.yaml", "compose/Dockerfile"], "hadolint compose/Dockerfile")


def check_kubernetes():
    rendered = {}
    for kustomization in KUSTOMIZATIONS:
        result = run(["kubectl", "kustomize", kustomization], f"kubectl kustomize {kustomization}")
        if result.returncode != 0:
            continue
        documents = [d for d in yaml.safe_load_all(result.stdout) if d]
        rendered[kustomization] = documents
        with tempfile.TemporaryDirectory() as directory:
            core = []
            for index, document in enumerate(documents):
                api, kind = document.get("apiVersion"), document.get("kind")
                if api in CORE_API_GROUPS:
                    core.append(document)
                elif (api, kind) in CUSTOM_SCHEMAS:
                    path = os.path.join(directory, f"{index}-{kind}.json")
                    json.dump(document, open(path, "w"))
                    run(["check-jsonschema", "--schemafile", f"k8s/schemas/{CUSTOM_SCHEMAS[(api, kind)]}", path],
                        f"{kustomization}: {kind} {document['metadata'].get('name')}")
                else:
                    failures.append(f"{kustomization}: {api} {kind} has no schema here (k8s/schemas/)")
            path = os.path.join(directory, "core.yaml")
            yaml.safe_dump_all(core, open(path, "w"))
            run(["kubernetes-validate", "--strict", "--quiet", "-k", KUBERNETES_VERSION, path],
                f"{kustomization}: Kubernetes {KUBERNETES_VERSION} schemas")
        print(f"validate-deploy: {kustomization}: {len(documents)} resources")
    return rendered


def check_configuration(rendered):
    keys, variables = reference()
    problems = []
    for file in RUN_CONFIGURATIONS:
        for path in unknown_keys(yaml.safe_load(open(os.path.join(ROOT, file))), keys):
            problems.append(f"{file}: '{path}' is no configuration key (docs/configuration.md)")
    for file in COMPOSE_FILES:
        for name in unknown_variables(variables_in_compose(yaml.safe_load(open(os.path.join(ROOT, file)))), variables):
            problems.append(f"{file}: {name} is no TAO_* variable of docs/configuration.md nor a librdkafka property")
    for kustomization, documents in rendered.items():
        for name in sorted(set(unknown_variables(variables_in_manifests(documents), variables))):
            problems.append(f"{kustomization}: {name} is no TAO_* variable of docs/configuration.md nor a librdkafka property")
    # The checker must catch what it is for.
    if not unknown_keys({"coordinator": {"update-per-version": 8}}, keys) or unknown_keys({"coordinator": {"updates-per-version": 8}}, keys):
        problems.append("self-test: the key checker does not tell coordinator.update-per-version from a real key")
    if not unknown_variables(["TAO_GENERATOR_SAMPLE"], variables) or not unknown_variables(["TAO_KAFKA_SASL_USERNAM"], variables) \
            or unknown_variables(["TAO_GENERATOR_SAMPLES", "TAO_KAFKA_SASL_USERNAME"], variables):
        problems.append("self-test: the variable checker does not tell misspelt TAO_* variables from real ones")
    failures.extend(problems)
    print(f"validate-deploy: {len(keys)} keys and {len(variables)} variables in the reference")


def main():
    check_compose()
    check_configuration(check_kubernetes())
    if failures:
        for failure in failures:
            print(f"validate-deploy: FAILED {failure}", file=sys.stderr)
        sys.exit(1)
    print("validate-deploy: compose/ and k8s/ are valid")


if __name__ == "__main__":
    main()
