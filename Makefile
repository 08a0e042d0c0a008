# The two commands a newcomer types: `make demo` and `make test`. Both install what they need
# from Debian first, so a fresh machine with only the Swift toolchain is enough.
# `make demo`: the kiosk on this terminal with invented residents and a virtual reader driven from
# the keyboard. `make demo-cli`: the same work from the command line. `make bench`: the figures.

SWIFT ?= swift
# libsqlite3-dev: GRDB links the system SQLite. sqlite3: the benchmark's baseline and the tests'
# stand-in for someone editing the database behind the kiosk's back. libfprint-2-dev: the
# fingerprint readers (with libfprint's virtual readers for tests and demos). libpng-dev and
# libtiff-dev: fingerprint images. umockdev: replays of real USB readers in the tests.
# libncurses-dev: the kiosk's screen. tmux: the screen tests drive `kiosk run` in it. espeak-ng:
# spoken prompts for residents (config `screen.speech`); a test has it speak into a file.
# ffmpeg: photo certification (camera capture, checking and re-encoding photos; its lavfi test
# source stands in for the camera in tests).
APT_PACKAGES := libsqlite3-dev sqlite3 libfprint-2-dev libpng-dev libtiff-dev umockdev libncurses-dev tmux espeak-ng ffmpeg

.PHONY: deps build test demo demo-cli bench clean

deps:
	@missing=""; for package in $(APT_PACKAGES); do \
	  dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing$$missing"; \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

demo: deps
	$(SWIFT) build -c release
	.build/release/kiosk run --demo

demo-cli: deps
	$(SWIFT) build -c release
	scripts/demo-cli

bench: deps
	$(SWIFT) build -c release
	.build/release/kiosk bench roster --rows 1000000
	.build/release/kiosk bench startup --rows 1000000
	.build/release/kiosk bench visits

clean:
	rm -rf .build demo-data
