# The two commands a newcomer types: `make demo` and `make test`. Both install what they need
# from Debian first, so a fresh machine with only the Swift toolchain is enough.
# `make demo`: the kiosk on this terminal with invented residents and a virtual reader driven from
# the keyboard. `make demo-cli`: the same work from the command line. `make bench`: the figures.
# `make package`: the Debian package a service point installs (dist/kiosk_<version>_amd64.deb).
# `make torture`: the built kiosk killed, starved of disk, raced, fed bad input and tampered with
# (scripts/torture); it fails on any loss. `make torture N=20 ROWS=100000` for a longer run.

SWIFT ?= swift
export SWIFT
# The libraries the build links come from Package.swift itself: scripts/deps installs the Debian
# providers its system libraries name and checks that every pkg-config module, and everything it
# requires, resolves. Here only the programs the tests and tools run:
# sqlite3: the benchmark's baseline and the tests' stand-in for someone editing the database behind
# the kiosk's back. umockdev: replays of real USB readers. tmux: the screen tests drive `kiosk run`
# in it. espeak-ng: spoken prompts (a test has it speak into a file). ffmpeg: photo certification
# (its lavfi test source stands in for the camera in tests). dpkg-dev: dpkg-shlibdeps, which reads
# the package's library dependencies off the built binary. systemd: systemd-analyze checks the unit.
# adduser: the package's maintainer scripts make the kiosk's system user. unifont: GNU Unifont's
# glyphs, which large text draws several rows high (the screen tests check them).
# postgresql, openssl: the city hub's tests run a throw-away PostgreSQL server with TLS (scripts/test-postgres).
# iproute2: `ip netns` and veth links, through which a kiosk reaches that server in the link-cut test.
TOOL_PACKAGES := sqlite3 umockdev tmux espeak-ng ffmpeg dpkg-dev systemd adduser unifont postgresql openssl iproute2
# The torture suite is a Python 3 script (standard library only); the full-disk case mounts a tmpfs,
# or a loop-mounted ext4 image (e2fsprogs, mount) where tmpfs is refused; faketime turns the clock
# back for one command, leaving the machine's alone.
TORTURE_PACKAGES := python3 e2fsprogs mount faketime
# Kills per kill case, rows of the generated rosters: about 3-4 minutes on a 2-core machine.
N ?= 6
ROWS ?= 50000

.PHONY: deps build test torture package package-test demo demo-cli bench clean

deps:
	@scripts/deps $(TOOL_PACKAGES)

build: deps
	$(SWIFT) build

# In CI (CI=true) the tests end by installing the built package, starting it as the kiosk's user,
# and removing it again (scripts/package-test); elsewhere that step says how to run it.
test: deps
	scripts/check-layers
	$(SWIFT) build --build-tests
	scripts/test-postgres run -- $(SWIFT) test
	@if [ "$${CI:-}" = true ] || [ "$${KIOSK_PACKAGE_TEST:-}" = 1 ]; then $(MAKE) --no-print-directory package-test; \
	  else echo "package test skipped: it installs the package system-wide; run it with 'make package-test' (as root)"; fi

# The debug build `make test` already made is reused: building release would cost more than it saves.
torture:
	@scripts/deps $(TOOL_PACKAGES) $(TORTURE_PACKAGES)
	$(SWIFT) build
	scripts/torture --kills $(N) --rows $(ROWS) $(if $(SEED),--seed $(SEED))

package: deps
	scripts/package

package-test: package
	scripts/package-test dist/kiosk_$$(scripts/package --version)_amd64.deb

demo: deps
	$(SWIFT) build -c release
	.build/release/kiosk-tools demo

demo-cli: deps
	$(SWIFT) build -c release
	scripts/demo-cli

bench: deps
	$(SWIFT) build -c release
	.build/release/kiosk-tools bench roster --rows 1000000
	.build/release/kiosk-tools bench startup --rows 1000000
	.build/release/kiosk-tools bench counter
	.build/release/kiosk-tools bench visits
	.build/release/kiosk-tools bench identify --gallery 10000
	.build/release/kiosk-tools bench identify --gallery 100000

clean:
	rm -rf .build dist demo-data
