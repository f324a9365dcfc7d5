# The two commands of the README, and their parts. A fresh machine needs only
# the toolchains (Rust, Python 3, JDK 17 with Maven); everything else is
# installed by these targets.

CARGO ?= cargo

.PHONY: demo test test-rust lint bench

## The main job: generate a region on the scale of a regional system,
## evaluate its last quarter, print what a quality officer would read.
demo:
	$(CARGO) run --release --quiet -- demo

## Every test.
test: lint test-rust test-kotlin

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings

test-rust:
	$(CARGO) test --all-targets
	$(CARGO) test --doc

## The Kotlin / JVM binding: lints and unit-tests its crate, then Maven
## builds the native library (the `dev` build `cargo test` just made),
## generates the Kotlin, compiles and runs the JUnit suite (Surefire prints
## its summary).
.PHONY: test-kotlin
test-kotlin:
	$(CARGO) clippy -p etalon-kotlin --all-targets -- -D warnings
	$(CARGO) test -p etalon-kotlin
	cd bindings/kotlin && mvn -B -ntp -Pdebug-native test
