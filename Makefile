# The README's two commands, plus the usual targets.
#   make demo   installs dependencies, builds, runs pactum on the bundled example family
#   make check  installs dependencies, builds, runs every test, then again under ASan+UBSan
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps build demo check test asan-test fuzz bench clean

all: build

deps:
	sh scripts/install-deps

build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPCT_WERROR=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)

demo: deps build
	sh scripts/demo $(BUILD)/pactum

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan-test:
	CC=clang cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Asan -DPCT_DEBUG_ARENA=ON -DPCT_WERROR=ON -DPCT_BUILD_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 PCT_SANITIZED=1 ctest --output-on-failure -j $(JOBS)

check: deps test asan-test

fuzz:
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" -DPCT_BUILD_FUZZ=ON -DPCT_DEBUG_ARENA=ON -DPCT_BUILD_BENCH=OFF -DPCT_BUILD_TESTS=OFF
	cmake --build build-fuzz -j $(JOBS)

bench: build
	sh bench/run $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
