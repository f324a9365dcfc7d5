# The two commands of the README, and their parts. A fresh machine needs only
# the toolchains (Rust, Python 3, JDK 17 with Maven); everything else is
# installed by these targets.

CARGO ?= cargo

.PHONY: demo test test-rust lint bench chromium

## The main job: generate a region on the scale of a regional system,
## evaluate its last quarter, print what a quality officer would read.
demo:
	$(CARGO) run --release --quiet -- demo

## Every test.
test: lint test-rust test-python test-kotlin

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings

## Headless Chromium for the report's rendering test, installed where we
## can (Debian, as root); without it that test says it is skipped.
chromium:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium for the report's rendering test"; \
		( apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null ) \
			|| echo "chromium could not be installed; the report's rendering test will be skipped"; \
	fi

test-rust: chromium
	# Benchmarks on the region's data are left out: in test mode each would
	# run once, on its full data.
	# The central journal's tests need a PostgreSQL server: unless
	# ETALON_TEST_POSTGRES names one, .ci/postgres.sh installs PostgreSQL
	# (as root, from Debian) where missing and starts one on the loopback.
	url="$${ETALON_TEST_POSTGRES:-$$(bash .ci/postgres.sh)}" && \
		ETALON_TEST_POSTGRES="$$url" $(CARGO) test --lib --bins --tests
	$(CARGO) test --doc
	# The benchmarks are compiled (in the test profile); those on small data
	# run once each, so that a benchmark that fails at its start is found
	# here rather than by `make bench`.
	$(CARGO) bench --no-run --profile dev
	$(CARGO) bench --profile dev --bench compile --bench formulas -- --test

## Every benchmark with its baselines, then BENCHMARKS.md (about twenty minutes on a quiet machine;
## needs ~8 GB for the 10-million-record scaling point).
bench:
	$(CARGO) bench --bench compile --bench formulas --bench measures --bench region --bench scoring
	url="$${ETALON_TEST_POSTGRES:-$$(bash .ci/postgres.sh)}" && \
		ETALON_TEST_POSTGRES="$$url" $(CARGO) bench --bench journal
	$(CARGO) build --release
	rm -rf target/bench-data
	target/release/etalon generate --records 3000000 --out target/bench-data
	rm -rf target/bench-data-2m
	target/release/etalon generate --records 2000000 --out target/bench-data-2m
	python3 -m venv target/bench-venv
	target/bench-venv/bin/pip install -q -r benches/python/requirements.txt
	# The binding, built in release by its own build backend, for loading.
	target/bench-venv/bin/pip install -q --force-reinstall ./bindings/python
	target/bench-venv/bin/python benches/python/baselines.py --data target/bench-data \
		--evaluate-data target/bench-data-2m \
		--etalon target/release/etalon --out target/bench-baselines.json
	target/bench-venv/bin/python benches/python/load.py --data target/bench-data --runs 3 \
		--out target/bench-load.json
	python3 benches/report.py > BENCHMARKS.md

## The Python binding, on a fresh machine too: its own virtualenv with the
## pinned tools of bindings/python/requirements-dev.txt, the wheel built by
## `pip install` (maturin, release) and installed, then pytest (which
## compares with the CLI) and mypy.stubtest.
.PHONY: test-python
test-python:
	$(CARGO) clippy -p etalon-python --all-targets -- -D warnings
	$(CARGO) build --quiet --bin etalon
	test -x bindings/python/.venv/bin/python || python3 -m venv bindings/python/.venv
	bindings/python/.venv/bin/python -m pip install --quiet --disable-pip-version-check -r bindings/python/requirements-dev.txt
	PATH="$(CURDIR)/bindings/python/.venv/bin:$$PATH" bindings/python/.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-build-isolation --no-deps --force-reinstall ./bindings/python
	# The central journal's test needs a PostgreSQL server, as in test-rust.
	url="$${ETALON_TEST_POSTGRES:-$$(bash .ci/postgres.sh)}" && cd bindings/python && \
		ETALON_TEST_POSTGRES="$$url" ETALON_BIN=$(CURDIR)/target/debug/etalon .venv/bin/python -m pytest
	cd bindings/python && .venv/bin/python -m mypy.stubtest etalon

## The Kotlin / JVM binding: lints and unit-tests its crate, then Maven
## builds the native library (the `dev` build `cargo test` just made),
## generates the Kotlin, compiles and runs the JUnit suite (Surefire prints
## its summary).
.PHONY: test-kotlin
test-kotlin:
	$(CARGO) clippy -p etalon-kotlin --all-targets -- -D warnings
	$(CARGO) test -p etalon-kotlin
	cd bindings/kotlin && mvn -B -ntp -Pdebug-native test

## The jar for hosts on older Linux: the native library (cargo profile
## `dist`, stripped) linked by cargo-zigbuild against glibc 2.17, its floor
## checked (objdump -T), then installed with its sources and javadoc jars.
## The tools come from PyPI into target/zig.
ZIG_VENV := $(CURDIR)/target/zig
.PHONY: jar
jar:
	python3 -m venv $(ZIG_VENV)
	$(ZIG_VENV)/bin/pip install --quiet --disable-pip-version-check cargo-zigbuild==0.24.0 ziglang==0.17.0
	cd bindings/kotlin && PATH="$(ZIG_VENV)/bin:$$PATH" mvn -B -ntp -Pglibc-2.17 install

## The wheel for hosts on older Linux: the Python binding built by maturin
## with zig as its linker against glibc 2.17 (manylinux2014), cargo profile
## `dist` (stripped), into target/wheels; its floor checked (objdump -T on
## the library inside), then installed into a fresh virtualenv that imports
## it and evaluates the sample. The tools come from PyPI into target/zig.
WHEEL_DIR := $(CURDIR)/target/wheels
WHEEL_VENV := $(CURDIR)/target/wheel-venv
.PHONY: wheel
wheel:
	python3 -m venv $(ZIG_VENV)
	$(ZIG_VENV)/bin/pip install --quiet --disable-pip-version-check maturin==1.16.0 ziglang==0.17.0
	rm -f $(WHEEL_DIR)/etalon-*.whl
	cd bindings/python && PATH="$(ZIG_VENV)/bin:$$PATH" maturin build --zig --compatibility manylinux2014 --profile dist --out $(WHEEL_DIR)
	bash bindings/glibc-floor.sh $(WHEEL_DIR)/etalon-*.whl 2.17
	rm -rf $(WHEEL_VENV) && python3 -m venv $(WHEEL_VENV)
	$(WHEEL_VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps $(WHEEL_DIR)/etalon-*.whl
	$(WHEEL_VENV)/bin/python -c 'import etalon; e = etalon.standard().evaluate_dir("examples/data", "2026-Q3"); print("wheel: the sample evaluates,", len(e.deviations), "deviations")'
