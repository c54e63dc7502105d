#!/usr/bin/env python3
"""Static checks of the alkres Nextflow module and pipeline (Python 3 standard library only).

Nextflow itself cannot run on the CI machines (its launcher downloads the engine), so this
script checks what can be checked without it:

  * every .nf / .config / .nf.test file is lexically sound: braces, brackets and parentheses
    balance, and every string and comment is closed. Comments, strings ('...', "...", '''...''',
    \"\"\"...\"\"\", /slashy/, $/dollar-slashy/$) are skipped; code inside GString
    interpolations (${...}) is checked too;
  * the module follows nf-core conventions: process name, tag "$meta.id", a process_* label,
    conda + container directives, input/output/when/script/stub blocks, the expected input
    tuple, every emit (json tsv html vcf mqc versions), task.ext.args and task.ext.prefix in
    script and stub, versions.yml written from `alkres --version` in both;
  * meta.yml has the nf-core top-level keys (regex check; also fully parsed when PyYAML happens
    to be installed) and documents the same inputs and emits as main.nf; environment.yml pins
    bioconda::alkres;
  * main.nf includes modules that exist and define the included process; nextflow.config has
    the expected params and profiles, its includeConfig files exist, and the test profile's
    sample sheet points at files that exist;
  * the nf-test file names the module's script and process.

Usage: python3 workflows/nextflow/check_structure.py [--self-test]
Exit status: 0 when every check passes, 1 otherwise (each failure is printed).
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
MODULE_DIR = HERE / "modules" / "alkres" / "run"
PROCESS = "ALKRES_RUN"
EMITS = ["json", "tsv", "html", "vcf", "mqc", "versions"]
INPUT_TUPLE = ["meta", "vcf", "bam", "bai", "sv"]
META_YML_KEYS = [
    "name",
    "description",
    "keywords",
    "tools",
    "input",
    "output",
    "authors",
    "maintainers",
]
PARAMS = ["input", "outdir", "kb"]
PROFILES = ["docker", "singularity", "conda", "test"]


class LexError(Exception):
    pass


# --------------------------------------------------------------------------------------------
# Groovy/Nextflow lexer: enough to skip strings and comments and balance brackets.
# --------------------------------------------------------------------------------------------

OPEN = {"{": "}", "(": ")", "[": "]"}
CLOSE = {v: k for k, v in OPEN.items()}
# After these characters a '/' starts a slashy string (regex literal), not a division.
SLASHY_AFTER = set("([{,=~:!&|?;+-*%<>^") | {""}
SLASHY_KEYWORDS = {"return", "in", "case", "assert"}


def line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


class Lexer:
    """Scans Groovy code, returns the code with strings and comments blanked out."""

    def __init__(self, text: str, label: str):
        self.text = text
        self.label = label
        self.code = []  # (position, character) of significant code characters

    def fail(self, pos: int, message: str) -> None:
        raise LexError(f"{self.label}:{line_of(self.text, pos)}: {message}")

    def prev_significant(self, pos: int) -> str:
        """The previous non-space code token (a character, or a keyword)."""
        i = pos - 1
        text = self.text
        while i >= 0 and text[i] in " \t\r\n":
            i -= 1
        if i < 0:
            return ""
        if text[i].isalnum() or text[i] == "_":
            j = i
            while j >= 0 and (text[j].isalnum() or text[j] == "_"):
                j -= 1
            word = text[j + 1 : i + 1]
            return word if word in SLASHY_KEYWORDS else "ident"
        return text[i]

    def scan(self) -> str:
        end = self.scan_code(0, None)
        if end != len(self.text):  # pragma: no cover - scan_code consumes everything at top level
            self.fail(end, "unexpected end of scan")
        return "".join(ch for _, ch in self.code)

    def scan_code(self, pos: int, closer: str | None) -> int:
        """Scan code from pos; with closer='}', stop after the '}' that ends an interpolation."""
        text = self.text
        n = len(text)
        stack: list[tuple[str, int]] = []
        while pos < n:
            c = text[pos]
            two = text[pos : pos + 2]
            three = text[pos : pos + 3]
            if two == "//":
                nl = text.find("\n", pos)
                pos = n if nl < 0 else nl
                continue
            if two == "/*":
                endc = text.find("*/", pos + 2)
                if endc < 0:
                    self.fail(pos, "unterminated /* comment")
                pos = endc + 2
                continue
            if three in ('"""', "'''"):
                pos = self.scan_string(pos + 3, three, interpolate=three == '"""', start=pos)
                continue
            if c in "\"'":
                pos = self.scan_string(pos + 1, c, interpolate=c == '"', start=pos)
                continue
            if two == "$/":
                endc = text.find("/$", pos + 2)
                if endc < 0:
                    self.fail(pos, "unterminated $/ dollar-slashy string")
                pos = endc + 2
                continue
            if c == "/" and self.prev_significant(pos) in SLASHY_AFTER | SLASHY_KEYWORDS:
                pos = self.scan_slashy(pos)
                continue
            if c in OPEN:
                stack.append((c, pos))
            elif c in CLOSE:
                if not stack:
                    if closer == "}" and c == "}":
                        return pos + 1
                    self.fail(pos, f"unmatched '{c}'")
                opener, at = stack.pop()
                if opener != CLOSE[c]:
                    self.fail(
                        pos,
                        f"'{c}' closes '{opener}' opened on line {line_of(text, at)}",
                    )
            if not c.isspace():
                self.code.append((pos, c))
            pos += 1
        if closer:
            self.fail(pos, "unterminated ${ interpolation")
        if stack:
            opener, at = stack[-1]
            self.fail(at, f"'{opener}' is never closed")
        return pos

    def scan_string(self, pos: int, quote: str, interpolate: bool, start: int) -> int:
        text = self.text
        n = len(text)
        single_line = len(quote) == 1
        while pos < n:
            c = text[pos]
            if c == "\\":
                pos += 2
                continue
            if single_line and c == "\n":
                self.fail(start, f"string opened with {quote} is not closed on its line")
            if text.startswith(quote, pos):
                return pos + len(quote)
            if interpolate and text.startswith("${", pos):
                pos = self.scan_code(pos + 2, "}")
                continue
            pos += 1
        self.fail(start, f"unterminated string opened with {quote}")
        return pos  # unreachable

    def scan_slashy(self, start: int) -> int:
        text = self.text
        pos = start + 1
        n = len(text)
        while pos < n:
            c = text[pos]
            if c == "\\":
                pos += 2
                continue
            if c == "\n":
                self.fail(start, "slashy string /.../ is not closed on its line")
            if c == "/":
                return pos + 1
            if text.startswith("${", pos):
                pos = self.scan_code(pos + 2, "}")
                continue
            pos += 1
        self.fail(start, "unterminated slashy string")
        return pos  # unreachable


def strip_code(text: str, label: str) -> str:
    """Text with comments and string contents replaced by spaces (string quotes kept), for
    regex checks that must not match inside comments. Raises LexError on bad structure."""
    Lexer(text, label).scan()
    out = list(text)
    lx = Lexer(text, label)
    # Re-scan, blanking comments only: strings matter to several checks (tag, label, paths).
    pos = 0
    n = len(text)
    while pos < n:
        two = text[pos : pos + 2]
        three = text[pos : pos + 3]
        if two == "//":
            nl = text.find("\n", pos)
            nl = n if nl < 0 else nl
            for i in range(pos, nl):
                out[i] = " "
            pos = nl
        elif two == "/*":
            endc = text.find("*/", pos + 2) + 2
            for i in range(pos, endc):
                if out[i] != "\n":
                    out[i] = " "
            pos = endc
        elif three in ('"""', "'''"):
            pos = lx.scan_string(pos + 3, three, three == '"""', pos)
        elif text[pos] in "\"'":
            pos = lx.scan_string(pos + 1, text[pos], text[pos] == '"', pos)
        elif text[pos] == "/" and lx.prev_significant(pos) in SLASHY_AFTER | SLASHY_KEYWORDS:
            pos = lx.scan_slashy(pos)
        else:
            pos += 1
    return "".join(out)


def block_body(code: str, header_regex: str, label: str) -> str | None:
    """The text between the braces of the first block whose header matches (comments removed)."""
    m = re.search(header_regex + r"\s*\{", code)
    if not m:
        return None
    start = m.end()
    depth = 1
    lx = Lexer(code, label)
    pos = start
    while pos < len(code):
        c = code[pos]
        three = code[pos : pos + 3]
        if three in ('"""', "'''"):
            pos = lx.scan_string(pos + 3, three, three == '"""', pos)
            continue
        if c in "\"'":
            pos = lx.scan_string(pos + 1, c, c == '"', pos)
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return code[start:pos]
        pos += 1
    return None


def sections(body: str) -> dict[str, str]:
    """Process body -> {section label: text} for input/output/when/script/stub/exec/shell."""
    labels = list(re.finditer(r"(?m)^\s*(input|output|when|script|shell|exec|stub)\s*:", body))
    out = {}
    for i, m in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(body)
        out[m.group(1)] = body[m.end() : end]
    return out


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------


class Report:
    def __init__(self) -> None:
        self.failures: list[str] = []
        self.passed = 0

    def check(self, ok: bool, message: str) -> bool:
        if ok:
            self.passed += 1
        else:
            self.failures.append(message)
        return ok


def rel(path: Path) -> str:
    try:
        return str(path.relative_to(REPO))
    except ValueError:
        return str(path)


def check_lexical(r: Report) -> dict[Path, str]:
    files = sorted(
        p
        for pattern in ("*.nf", "*.config", "*.nf.test")
        for p in HERE.rglob(pattern)
        if ".nf-test" not in p.parts and "work" not in p.relative_to(HERE).parts
    )
    r.check(bool(files), f"no Nextflow files found under {rel(HERE)}")
    stripped = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            stripped[path] = strip_code(text, rel(path))
            r.check(True, "")
        except LexError as e:
            r.check(False, f"syntax: {e}")
    return stripped


def check_module(r: Report, stripped: dict[Path, str]) -> None:
    main = MODULE_DIR / "main.nf"
    if not r.check(main.is_file(), f"module missing: {rel(main)}"):
        return
    code = stripped.get(main)
    if code is None:
        return  # lexical failure already reported
    label = rel(main)
    body = block_body(code, rf"\bprocess\s+{PROCESS}\b", label)
    if not r.check(body is not None, f"{label}: no `process {PROCESS} {{ ... }}` block"):
        return
    r.check(
        re.search(r'(?m)^\s*tag\s+"\$\{?meta\.id\}?"', body) is not None,
        f'{label}: missing tag "$meta.id"',
    )
    r.check(
        re.search(r"(?m)^\s*label\s+'process_(single|low|medium|high|long|high_memory)'", body)
        is not None,
        f"{label}: missing an nf-core resource label (label 'process_low')",
    )
    r.check(
        re.search(r"(?m)^\s*conda\s+\S", body) is not None,
        f"{label}: missing conda directive",
    )
    r.check(
        re.search(r"(?m)^\s*container\s+\S", body) is not None,
        f"{label}: missing container directive",
    )
    r.check(
        "depot.galaxyproject.org/singularity/alkres:" in body
        and "biocontainers/alkres:" in body,
        f"{label}: container should follow the BioContainers pattern (singularity + docker)",
    )
    secs = sections(body)
    for name in ("input", "output", "when", "script", "stub"):
        r.check(name in secs, f"{label}: missing `{name}:` block")
    if "input" in secs:
        m = re.search(r"tuple\s+val\((\w+)\)((?:\s*,\s*path\(\w+\))+)", secs["input"])
        names = [m.group(1)] + re.findall(r"path\((\w+)\)", m.group(2)) if m else []
        r.check(
            names == INPUT_TUPLE,
            f"{label}: input tuple should be "
            f"tuple val(meta), {', '.join(f'path({n})' for n in INPUT_TUPLE[1:])}; got {names}",
        )
    if "output" in secs:
        emitted = re.findall(r"emit\s*:\s*(\w+)", secs["output"])
        for e in EMITS:
            r.check(e in emitted, f"{label}: output does not emit `{e}`")
        r.check(
            re.search(r'path\s*\(?\s*"versions\.yml"\s*\)?\s*,\s*emit\s*:\s*versions', secs["output"])
            is not None,
            f'{label}: output must declare path "versions.yml", emit: versions',
        )
        r.check(
            re.search(r"path\(\s*\"\*_mqc\.tsv\"\s*\)\s*,\s*emit\s*:\s*mqc", secs["output"])
            is not None,
            f'{label}: mqc output should be path("*_mqc.tsv")',
        )
    if "when" in secs:
        r.check(
            "task.ext.when == null || task.ext.when" in secs["when"],
            f"{label}: when: should be `task.ext.when == null || task.ext.when`",
        )
    for name in ("script", "stub"):
        if name not in secs:
            continue
        text = secs[name]
        r.check("task.ext.args" in text, f"{label}: {name}: does not use task.ext.args")
        r.check(
            re.search(r"task\.ext\.prefix\s*\?:\s*\"?\$?\{?meta\.id", text) is not None,
            f"{label}: {name}: prefix should be `task.ext.prefix ?: \"${{meta.id}}\"`",
        )
        r.check(
            "versions.yml" in text and re.search(r"alkres --version\s*\|\s*sed", text) is not None,
            f"{label}: {name}: must write versions.yml from `alkres --version | sed ...`",
        )
        r.check(
            '"${task.process}":' in text,
            f'{label}: {name}: versions.yml must be keyed by "${{task.process}}"',
        )
    if "script" in secs:
        r.check(
            re.search(r"\balkres\s+run\b", secs["script"]) is not None,
            f"{label}: script: does not call `alkres run`",
        )
        for flag in ("--sample", "--output-dir", "--threads"):
            r.check(flag in secs["script"], f"{label}: script: does not pass {flag}")
    if "stub" in secs:
        for ext in ("json", "tsv", "html", "vcf.gz"):
            r.check(
                re.search(rf"\$\{{prefix\}}\.alkres\.\w+\.{re.escape(ext)}", secs["stub"])
                is not None,
                f"{label}: stub: does not create <prefix>.alkres.<build>.{ext}",
            )
        r.check("_mqc.tsv" in secs["stub"], f"{label}: stub: does not create the _mqc.tsv")


def yaml_top_level(text: str) -> dict[str, str]:
    """Top-level `key:` lines of a YAML file -> the rest of their line (tiny subset check)."""
    keys = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if "\t" in line[: len(line) - len(line.lstrip())]:
            raise ValueError(f"tab in indentation: {line!r}")
        m = re.match(r'^"?([A-Za-z_][\w-]*)"?\s*:(.*)$', line)
        if m:
            keys[m.group(1)] = m.group(2).strip()
    return keys


def yaml_section(text: str, key: str) -> str:
    m = re.search(rf"(?ms)^{key}:\s*\n(.*?)(?=^\S|\Z)", text)
    return m.group(1) if m else ""


def check_meta_yml(r: Report) -> None:
    path = MODULE_DIR / "meta.yml"
    label = rel(path)
    if not r.check(path.is_file(), f"missing {label}"):
        return
    text = path.read_text(encoding="utf-8")
    try:
        keys = yaml_top_level(text)
    except ValueError as e:
        r.check(False, f"{label}: {e}")
        return
    for key in META_YML_KEYS:
        r.check(key in keys, f"{label}: missing top-level key `{key}:`")
    r.check(
        keys.get("name", "").strip("\"'") == "alkres_run",
        f"{label}: name should be alkres_run, got {keys.get('name')!r}",
    )
    inputs = re.findall(r"(?m)^\s*-\s+(?:-\s+)?(\w+):\s*$", yaml_section(text, "input"))
    for name in INPUT_TUPLE:
        r.check(name in inputs, f"{label}: input `{name}` is not documented")
    outputs = re.findall(r"(?m)^  - (\w+):\s*$", yaml_section(text, "output"))
    for e in EMITS:
        r.check(e in outputs, f"{label}: output `{e}` is not documented")
    keywords = re.findall(r"(?m)^  - (.+)$", yaml_section(text, "keywords"))
    r.check(len(keywords) >= 3, f"{label}: nf-core wants at least 3 keywords")
    r.check(
        re.search(r'(?m)^  - "?alkres"?:', yaml_section(text, "tools")) is not None,
        f"{label}: tools: should list alkres",
    )
    try:  # full parse only when PyYAML is already installed; never a requirement
        import yaml  # type: ignore
    except ImportError:
        return
    try:
        doc = yaml.safe_load(text)
        r.check(isinstance(doc, dict), f"{label}: not a YAML mapping")
    except yaml.YAMLError as e:  # pragma: no cover - depends on the file
        r.check(False, f"{label}: YAML does not parse: {e}")


def check_environment_yml(r: Report) -> None:
    path = MODULE_DIR / "environment.yml"
    label = rel(path)
    if not r.check(path.is_file(), f"missing {label}"):
        return
    text = path.read_text(encoding="utf-8")
    r.check(
        re.search(r"(?m)^\s*-\s*\"?bioconda::alkres=0\.1\.0\"?\s*$", text) is not None,
        f"{label}: should pin bioconda::alkres=0.1.0",
    )
    main = (MODULE_DIR / "main.nf").read_text(encoding="utf-8")
    r.check(
        'conda "${moduleDir}/environment.yml"' in main,
        f"{rel(MODULE_DIR / 'main.nf')}: conda directive should be \"${{moduleDir}}/environment.yml\"",
    )


def check_pipeline(r: Report, stripped: dict[Path, str]) -> None:
    main = HERE / "main.nf"
    label = rel(main)
    if not r.check(main.is_file(), f"missing {label}"):
        return
    code = stripped.get(main)
    if code is None:
        return
    includes = re.findall(r"include\s*\{\s*([\w\s;]+?)\s*\}\s*from\s*['\"]([^'\"]+)['\"]", code)
    r.check(bool(includes), f"{label}: includes no module")
    included = set()
    for names, target in includes:
        target_path = (main.parent / target)
        if target_path.suffix != ".nf":
            target_path = target_path.with_name(target_path.name + ".nf")
        if not r.check(target_path.is_file(), f"{label}: include from '{target}': {rel(target_path)} does not exist"):
            continue
        target_code = stripped.get(target_path.resolve()) or stripped.get(target_path) or target_path.read_text(encoding="utf-8")
        for name in re.split(r"\s*;\s*", names.strip()):
            name = name.split(" as ")[0].strip()
            included.add(name)
            r.check(
                re.search(rf"\b(process|workflow)\s+{name}\b", target_code) is not None,
                f"{label}: {rel(target_path)} does not define {name}",
            )
    r.check(PROCESS in included, f"{label}: does not include {PROCESS}")
    r.check(
        re.search(r"Channel\s*\.\s*fromPath\(\s*params\.input", code) is not None
        and re.search(r"splitCsv\(\s*header\s*:\s*true", code) is not None,
        f"{label}: should read the sample sheet with Channel.fromPath(params.input).splitCsv(header: true)",
    )
    r.check(
        re.search(rf"\b{PROCESS}\s*\(", code) is not None,
        f"{label}: never calls {PROCESS}",
    )
    r.check(
        re.search(rf"{PROCESS}\.out\.mqc", code) is not None,
        f"{label}: does not collect {PROCESS}.out.mqc for MultiQC",
    )
    r.check(
        re.search(rf"{PROCESS}\.out\.versions", code) is not None,
        f"{label}: does not collect {PROCESS}.out.versions",
    )
    r.check(
        re.search(r"(?m)^\s*workflow\s*\{", code) is not None,
        f"{label}: no entry workflow",
    )


def check_config(r: Report, stripped: dict[Path, str]) -> None:
    cfg = HERE / "nextflow.config"
    label = rel(cfg)
    if not r.check(cfg.is_file(), f"missing {label}"):
        return
    code = stripped.get(cfg)
    if code is None:
        return
    params = block_body(code, r"(?m)^params", label) or ""
    for p in PARAMS:
        r.check(
            re.search(rf"(?m)^\s*{p}\s*=", params) is not None,
            f"{label}: params.{p} is not declared",
        )
    profiles = block_body(code, r"(?m)^profiles", label) or ""
    for p in PROFILES:
        r.check(
            re.search(rf"(?m)^\s*{p}\s*\{{", profiles) is not None,
            f"{label}: profile `{p}` is missing",
        )
    for inc in re.findall(r"includeConfig\s+['\"]([^'\"]+)['\"]", code):
        r.check((HERE / inc).is_file(), f"{label}: includeConfig '{inc}' does not exist")

    test_cfg = HERE / "conf" / "test.config"
    if not r.check(test_cfg.is_file(), f"missing {rel(test_cfg)}"):
        return
    text = stripped.get(test_cfg) or test_cfg.read_text(encoding="utf-8")
    m = re.search(r"input\s*=\s*\"\$\{projectDir\}/([^\"]+)\"", text)
    if not r.check(m is not None, f"{rel(test_cfg)}: params.input should be \"${{projectDir}}/...\""):
        return
    sheet = HERE / m.group(1)
    if not r.check(sheet.is_file(), f"{rel(test_cfg)}: test sample sheet {rel(sheet)} does not exist"):
        return
    with sheet.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    r.check(bool(rows), f"{rel(sheet)}: no samples")
    r.check(
        all(rows) and "sample" in (rows[0] if rows else {}),
        f"{rel(sheet)}: needs a `sample` column",
    )
    for row in rows:
        for col in ("vcf", "bam", "sv"):
            for cell in (row.get(col) or "").split(";"):
                cell = cell.strip()
                if cell:
                    target = (sheet.parent / cell).resolve()
                    r.check(target.is_file(), f"{rel(sheet)}: {row['sample']}: {col} {cell} -> {target} does not exist")
    r.check(
        any("test-data/example" in (row.get("vcf") or "") for row in rows),
        f"{rel(sheet)}: the test profile should use test-data/example",
    )


def check_nf_test(r: Report, stripped: dict[Path, str]) -> None:
    path = MODULE_DIR / "tests" / "main.nf.test"
    label = rel(path)
    if not r.check(path.is_file(), f"missing {label}"):
        return
    code = stripped.get(path) or path.read_text(encoding="utf-8")
    r.check("nextflow_process" in code, f"{label}: not a nextflow_process test")
    m = re.search(r"script\s+\"([^\"]+)\"", code)
    r.check(
        m is not None and (path.parent / m.group(1)).resolve() == (MODULE_DIR / "main.nf").resolve(),
        f"{label}: script should point at ../main.nf",
    )
    r.check(re.search(rf"process\s+\"{PROCESS}\"", code) is not None, f"{label}: process \"{PROCESS}\" not named")
    for m in re.finditer(r"\$\{moduleDir\}/([^\"]+)\"", code):
        target = (MODULE_DIR / m.group(1)).resolve()
        r.check(target.is_file(), f"{label}: test input {m.group(1)} -> {target} does not exist")


# --------------------------------------------------------------------------------------------


def self_test() -> int:
    """The lexer must accept tricky valid code and reject broken code."""
    good = [
        'def x = "a { b" // }',
        "def y = '''}\n'''",
        'def z = """${ [a:1].collect { k, v -> "$k}" }.join(\'}\') }"""',
        "def r = p ==~ /^[a-z]+}$/\ndef s = x.replaceFirst(/\\.bam$/, '.bai')",
        "def d = a / b / c\n/* { */",
        'script:\n"""\necho \\$(alkres --version | sed \'s/^alkres //\')\n"""',
    ]
    bad = [
        "process X {\n  input:\n",
        'def s = "unterminated\n',
        "def a = [1, 2)",
        "def g = \"${ foo \"",
        "}",
        "/* never closed",
    ]
    failures = 0
    for i, text in enumerate(good):
        try:
            Lexer(text, f"good[{i}]").scan()
        except LexError as e:
            print(f"self-test: rejected valid code: {e}")
            failures += 1
    for i, text in enumerate(bad):
        try:
            Lexer(text, f"bad[{i}]").scan()
            print(f"self-test: accepted broken code bad[{i}]: {text!r}")
            failures += 1
        except LexError:
            pass
    print(f"self-test: {len(good) + len(bad) - failures}/{len(good) + len(bad)} cases right")
    return 1 if failures else 0


def main(argv: list[str]) -> int:
    if "--self-test" in argv:
        return self_test()
    r = Report()
    stripped = check_lexical(r)
    check_module(r, stripped)
    check_meta_yml(r)
    check_environment_yml(r)
    check_pipeline(r, stripped)
    check_config(r, stripped)
    check_nf_test(r, stripped)
    if r.failures:
        print(f"check_structure: {len(r.failures)} problem(s) in {rel(HERE)}:", file=sys.stderr)
        for f in r.failures:
            print(f"  FAIL {f}", file=sys.stderr)
        return 1
    print(f"check_structure: {rel(HERE)}: all {r.passed} checks passed ({len(stripped)} files lexed)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
