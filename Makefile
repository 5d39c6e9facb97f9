# gongshi — build, run, test, install.
#
#   make          build build/gongshi
#   make run      render the sample content/ into output/
#   make test     unit tests (plain and under ASan+UBSan), fuzz harnesses
#                 over their corpora (and 5 s each), end-to-end tests
#   make fuzz     each libFuzzer harness for FUZZ_SECONDS (60)
#   make install  PREFIX=/usr/local DESTDIR=
#
# Sources are found by wildcard: a new module in src/<stage>/ or a new test
# in tests/unit/test_*.c needs no change here.

PREFIX	?= /usr/local
DESTDIR	?=
VERSION	 = 0.1.0

PKGS	 = libcmark libxml-2.0 libzip zlib yaml-0.1 nettle libxxhash libqrencode jansson libmicrohttpd xlsxwriter
# Debian packages that provide the pkg-config modules above, and the tools.
BUILD_DEBS = build-essential pkg-config libcmark-dev libxml2-dev libzip-dev zlib1g-dev \
	     libyaml-dev nettle-dev libxxhash-dev libqrencode-dev libjansson-dev \
	     libunistring-dev libmicrohttpd-dev libxlsxwriter-dev gettext
# clang and its runtime (libclang-rt-14-dev) build the libFuzzer harnesses.
TEST_DEBS  = libcmocka-dev libxml2-utils unzip cmark clang libclang-rt-14-dev

# Only `serve` needs libmicrohttpd (and the GnuTLS it brings), only `new`
# libxlsxwriter: they are not linked but opened when those commands run
# (src/base/dynlib.h), by the file name (SONAME) of the library compiled
# against; every other command starts without them.
DLOPEN_PKGS = libmicrohttpd xlsxwriter
# nettle and libunistring are linked from the .a files Debian ships in
# nettle-dev and libunistring-dev: two libraries fewer to map and relocate
# at every start (their 962 symbol bindings; `gongshi --version` 6.8 ->
# 5.7 M instructions), for 100 KB more of program.
STATIC_PKGS = nettle
STATIC_LIBS = -Wl,-Bstatic -lnettle -lunistring -Wl,-Bdynamic

CC	?= cc
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(filter-out $(DLOPEN_PKGS) $(STATIC_PKGS),$(PKGS)) 2>/dev/null)
# $(call lib_file,NAME): where the linker finds libNAME.so
lib_file = $$($(CC) -print-file-name=lib$(1).so)
# $(call soname,NAME): the file name libNAME is loaded by
soname	 = $(shell objdump -p "$(call lib_file,$(1))" 2>/dev/null | sed -n 's/^ *SONAME *//p')
# $(call deb_of,NAME): the Debian package that has it
deb_of	 = $(shell dpkg-query -S "$$(readlink -f "$(call lib_file,$(1))")" 2>/dev/null | sed -n '1s/:.*//p')
MHD_SONAME  := $(call soname,microhttpd)
XLSX_SONAME := $(call soname,xlsxwriter)
DLOPEN_DEFS := -DGONGSHI_MHD_SONAME=\"$(MHD_SONAME)\" \
	      -DGONGSHI_MHD_DEB=\"$(or $(call deb_of,microhttpd),$(MHD_SONAME))\" \
	      -DGONGSHI_XLSX_SONAME=\"$(XLSX_SONAME)\" \
	      -DGONGSHI_XLSX_DEB=\"$(or $(call deb_of,xlsxwriter),$(XLSX_SONAME))\"
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)
CPPFLAGS += -Isrc -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	    -DGONGSHI_VERSION=\"$(VERSION)\" \
	    -DGONGSHI_DATADIR=\"$(PREFIX)/share/gongshi\" \
	    -DGONGSHI_LOCALEDIR=\"$(PREFIX)/share/locale\" $(DLOPEN_DEFS)
CFLAGS	?= -O2 -g
CFLAGS	+= -std=c11 -Wall -Wextra -Werror -pthread $(PKG_CFLAGS) -MMD -MP
# The dynamic loader looks each symbol up in one library after another,
# the program's own first. libcrypto (brought by libzip) and libstdc++ (by
# ICU, by libxml2) bind thousands of their own symbols at every start,
# each found only after some eighteen other libraries; linked first, and
# even though the program calls neither, they are found at once
# (`gongshi --version` 10.2 -> 6.8 M instructions). No other library of
# the program defines a symbol they define (nm -D), so no binding changes.
# $(call needed,NAME,PREFIX): the library libNAME needs whose name begins so
needed	 = $(shell objdump -p "$(call lib_file,$(1))" 2>/dev/null | awk '$$1 == "NEEDED" && index($$2, "$(2)") == 1 { print $$2 }')
FIRST_LIBS := $(addprefix -l:,$(call needed,zip,libcrypto.) $(call needed,icuuc,libstdc++.))
LDLIBS	+= -Wl,--push-state,--no-as-needed $(FIRST_LIBS) -Wl,--pop-state \
	   $(STATIC_LIBS) $(PKG_LIBS) -lm -pthread
SAN	 = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

LIB_SRCS  = $(filter-out src/main.c,$(wildcard src/*.c src/*/*.c src/*/*/*.c))
TEST_SRCS = $(wildcard tests/unit/test_*.c)
# libFuzzer harnesses, tests/fuzz/fuzz_NAME.c, each with its seeds in
# tests/fuzz/corpus/NAME/ (tests/fuzz/run.sh runs them).
FUZZ_SRCS = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS = $(patsubst tests/fuzz/%.c,build-fuzz/%,$(FUZZ_SRCS))
FUZZ_CC	 ?= clang
FUZZ_SAN  = -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -fno-omit-frame-pointer
FUZZ_SECONDS ?= 60
FUZZ_TEST_SECONDS ?= 5

# Message catalogues: po/LANG.po -> build/locale/LANG/LC_MESSAGES/gongshi.mo
# (build/gongshi finds build/locale beside itself; see src/base/i18n.c).
PO_FILES = $(wildcard po/*.po)
MO_FILES = $(patsubst po/%.po,build/locale/%/LC_MESSAGES/gongshi.mo,$(PO_FILES))
MO_SAN   = $(patsubst build/%,build-san/%,$(MO_FILES))

# $(call objs,DIR,SOURCES): object files of SOURCES under DIR
objs = $(patsubst %.c,$(1)/obj/%.o,$(2))

.PHONY: pot all run test test-unit test-e2e test-fuzz fuzz check deps deps-test \
	install clean bench

all: deps build/gongshi $(MO_FILES)

# --- the program, and a sanitized twin for the tests ---------------------------

build/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

build-san/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SAN) -O1 -c -o $@ $<

build/libgongshi.a: $(call objs,build,$(LIB_SRCS))
	@rm -f $@
	ar rcs $@ $^

build-san/libgongshi.a: $(call objs,build-san,$(LIB_SRCS))
	@rm -f $@
	ar rcs $@ $^

build/gongshi: build/obj/src/main.o build/libgongshi.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

build-san/gongshi: build-san/obj/src/main.o build-san/libgongshi.a
	$(CC) $(CFLAGS) $(SAN) $(LDFLAGS) -o $@ $^ $(LDLIBS)

build-fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
	    -O1 -c -o $@ $<

build-fuzz/libgongshi.a: $(call objs,build-fuzz,$(LIB_SRCS))
	@rm -f $@
	ar rcs $@ $^

build-fuzz/fuzz_%: build-fuzz/obj/tests/fuzz/fuzz_%.o build-fuzz/libgongshi.a
	$(FUZZ_CC) $(CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer $(LDFLAGS) -o $@ $^ \
	    $(LDLIBS)

build/tests/%: build/obj/tests/unit/%.o build/libgongshi.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(CMOCKA_LIBS)

build-san/tests/%: build-san/obj/tests/unit/%.o build-san/libgongshi.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(CMOCKA_LIBS)

# --- message catalogues ------------------------------------------------------------
# `make pot` regenerates po/gongshi.pot from every _() and N_() in src/ and
# merges it into each po/LANG.po.

# Two rules, not one with two targets: a pattern rule with two targets is
# taken to make both in one run, so the second catalogue would never be made.
build/locale/%/LC_MESSAGES/gongshi.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

build-san/locale/%/LC_MESSAGES/gongshi.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

pot:
	xgettext -k_ -kN_ -kP_:1c,2 -kNP_:1c,2 --from-code=UTF-8 --add-comments=TRANSLATORS: --add-location=file \
	    --package-name=gongshi --package-version=$(VERSION) \
	    -o po/gongshi.pot $(sort $(wildcard src/*.c src/*/*.c src/*/*/*.c))
	for po in $(PO_FILES); do msgmerge -q --update --backup=none --add-location=file $$po po/gongshi.pot; done

UNIT_BINS = $(patsubst tests/unit/%.c,build/tests/%,$(TEST_SRCS))
UNIT_SAN  = $(patsubst tests/unit/%.c,build-san/tests/%,$(TEST_SRCS))

.SECONDARY:

-include $(shell find build build-san build-fuzz -name '*.d' 2>/dev/null)

# --- what users run ---------------------------------------------------------------

run: all
	build/gongshi build --content content --templates templates --output output

check: all
	build/gongshi check --content content

# Installs missing Debian packages, saying what it does; a no-op when all is there.
deps:
	@sh tests/deps.sh build $(BUILD_DEBS)

deps-test:
	@sh tests/deps.sh test $(BUILD_DEBS) $(TEST_DEBS)

# Unit tests run plain and under AddressSanitizer + UndefinedBehaviorSanitizer
# (leaks included); then the end-to-end tests run the real binary.
test: deps-test
	$(MAKE) --no-print-directory test-unit
	$(MAKE) --no-print-directory test-fuzz
	$(MAKE) --no-print-directory test-e2e

test-unit: $(UNIT_BINS) $(UNIT_SAN)
	@fail=0; for t in $(UNIT_BINS) $(UNIT_SAN); do \
	  echo "== $$t"; (cd tests && ../$$t) || fail=1; done; \
	  test $$fail = 0

# Each harness over its seed corpus, then FUZZ_TEST_SECONDS of fuzzing.
test-fuzz: $(FUZZ_BINS)
	@sh tests/fuzz/run.sh $(FUZZ_TEST_SECONDS)

fuzz: $(FUZZ_BINS)
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

test-e2e: build/gongshi build-san/gongshi $(MO_FILES) $(MO_SAN)
	@sh tests/e2e/run.sh

bench: all build/bench/timer
	@sh tests/bench/run.sh

# The bench's timer: wall, user and system time to the microsecond (run.sh).
build/bench/timer: tests/bench/timer.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -o $@ $<

# Everything an installed gongshi needs, found again from where the binary
# is (src/base/paths.h): PREFIX/share/gongshi/templates and
# PREFIX/share/locale beside PREFIX/bin, whatever PREFIX the objects were
# compiled with.
install: build/gongshi $(MO_FILES)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/gongshi \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 755 build/gongshi $(DESTDIR)$(PREFIX)/bin/gongshi
	install -m 644 src/gongshi.1 $(DESTDIR)$(PREFIX)/share/man/man1/gongshi.1
	for m in $(wildcard src/*.5); do \
	    install -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man5/; done
	rm -rf $(DESTDIR)$(PREFIX)/share/gongshi/templates
	cp -R templates $(DESTDIR)$(PREFIX)/share/gongshi/
	for mo in $(MO_FILES); do \
	    lang=$${mo#build/locale/}; lang=$${lang%%/*}; \
	    install -d $(DESTDIR)$(PREFIX)/share/locale/$$lang/LC_MESSAGES; \
	    install -m 644 $$mo $(DESTDIR)$(PREFIX)/share/locale/$$lang/LC_MESSAGES/gongshi.mo; \
	done
	install -m 644 contrib/gongshi.bash \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/gongshi

clean:
	rm -rf build build-san build-fuzz output
