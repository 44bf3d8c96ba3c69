#!/usr/bin/env python3
"""Checks that every target imports exactly the modules Package.swift declares for it.

SwiftPM lets a target import any module its dependencies pull in, so an undeclared import builds today and breaks
the day a dependency changes; a declared dependency nobody imports misleads whoever reads the manifest. Both fail
here. Reads the manifest through `swift package dump-package`; a product stands for the module of the same name.
"""
import json, os, re, subprocess, sys

SYSTEM = {"Foundation", "FoundationNetworking", "Dispatch", "Synchronization", "Glibc", "Testing", "XCTest", "os", "FoundationXML"}
# Products whose module names differ from the product's, or that bring several modules.
PRODUCT_MODULES = {}

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
manifest = json.loads(subprocess.run(
    ["swift", "package", "dump-package"], cwd=root, capture_output=True, text=True, check=True).stdout)

def declared(target):
    names = set()
    for dependency in target["dependencies"]:
        for kind in ("byName", "target", "product"):
            if kind in dependency:
                names.add(dependency[kind][0])
    return names

problems = []
for target in manifest["targets"]:
    if target["type"] == "system":
        continue
    base = "Tests" if target["type"] == "test" else "Sources"
    path = os.path.join(root, target.get("path") or os.path.join(base, target["name"]))
    imports = set()
    for directory, _, files in os.walk(path):
        for name in files:
            if name.endswith(".swift"):
                with open(os.path.join(directory, name)) as source:
                    imports |= set(re.findall(r"^(?:@testable )?import (\w+)", source.read(), re.M))
    imports -= SYSTEM
    wanted = declared(target)
    # Executables named in a test target's dependencies are built for it, not imported.
    executables = {t["name"] for t in manifest["targets"] if t["type"] == "executable"}
    for module in sorted(imports - wanted):
        problems.append(f"{target['name']} imports {module} but Package.swift does not declare it")
    for module in sorted(wanted - imports - executables):
        problems.append(f"{target['name']} declares {module} but imports it nowhere")

for problem in problems:
    print(f"check-module-imports: {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
