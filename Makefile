# SPDX-License-Identifier: Apache-2.0
#
# Lianfang build. Plain GNU Make; sources are discovered, so adding a file
# under src/lib/<module>/, tests/unit/<module>/, tests/fuzz/ or bench/ needs
# no edit here.
#
#   make            release build: build/rel/lianfang
#   make test       install deps, ASan+UBSan unit tests, fuzz-corpus replay,
#                   integration tests against real peers; summary line
#   make run        install deps, build, run the sample job
#   make fuzz       libFuzzer targets (clang) in build/fuzz/
#   make bench      build and run the benchmarks in bench/
#   make check-banned   fail on functions STYLE.md bans

CC      ?= cc
CLANG   ?= clang
BUILD   ?= build
WARN    := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wvla -Wstrict-prototypes \
           -Wmissing-prototypes -Wpointer-arith -Wundef
CSTD    := -std=c11 -D_GNU_SOURCE
INC     := -Isrc/lib -Isrc
LIBS    := -ljansson -lxxhash -lidn2 -lsodium -lcurl -lpcap -lmicrohttpd -lm -lpthread
CFLAGS_REL  := $(CSTD) $(WARN) $(INC) -O2 -g
CFLAGS_ASAN := $(CSTD) $(WARN) $(INC) -O1 -g -fno-omit-frame-pointer \
               -fsanitize=address,undefined -fno-sanitize-recover=undefined
CFLAGS_TSAN := $(CSTD) $(WARN) $(INC) -O1 -g -fno-omit-frame-pointer -fsanitize=thread
CFLAGS_FUZZ := $(CSTD) $(WARN) $(INC) -O1 -g -fno-omit-frame-pointer \
               -fsanitize=fuzzer-no-link,address,undefined

LIB_SRC   := $(sort $(wildcard src/lib/*/*.c))
PROG_SRC  := $(sort $(wildcard src/cli/*.c src/sensor/*.c))
UNIT_SRC  := $(sort $(wildcard tests/unit/*/test_*.c))
UNIT_HELP := $(sort $(wildcard tests/unit/*/helper_*.c))
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
BENCH_SRC := $(sort $(wildcard bench/bench_*.c))
HDRS      := $(wildcard src/lib/*/*.h src/cli/*.h src/sensor/*.h tests/unit/*/*.h)

REL  := $(BUILD)/rel
ASAN := $(BUILD)/asan
FUZZ := $(BUILD)/fuzz
TSAN := $(BUILD)/tsan

LIB_REL_OBJ  := $(LIB_SRC:%.c=$(REL)/%.o)
LIB_ASAN_OBJ := $(LIB_SRC:%.c=$(ASAN)/%.o)
LIB_FUZZ_OBJ := $(LIB_SRC:%.c=$(FUZZ)/%.o)
LIB_TSAN_OBJ := $(LIB_SRC:%.c=$(TSAN)/%.o)
PROG_TSAN_OBJ := $(PROG_SRC:%.c=$(TSAN)/%.o)
PROG_OBJ     := $(PROG_SRC:%.c=$(REL)/%.o)
UNIT_BIN     := $(UNIT_SRC:tests/unit/%.c=$(ASAN)/unit/%)
REPLAY_BIN   := $(FUZZ_SRC:tests/fuzz/%.c=$(ASAN)/replay/%)
FUZZ_BIN     := $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ)/%)
BENCH_BIN    := $(BENCH_SRC:bench/%.c=$(REL)/bench/%)

.PHONY: all deps test unit run fuzz bench check-banned clean fmt
.DELETE_ON_ERROR:

all: $(REL)/lianfang

deps:
	@sh scripts/deps.sh

$(REL)/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_REL) -c $< -o $@

$(ASAN)/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ASAN) -c $< -o $@

$(FUZZ)/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(CFLAGS_FUZZ) -c $< -o $@

$(TSAN)/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_TSAN) -c $< -o $@

# The daemon once more under ThreadSanitizer: the sensor's reload thread and
# metrics thread run against it in tests/integration/test_sensor_threads.sh.
$(TSAN)/lianfang: $(PROG_TSAN_OBJ) $(LIB_TSAN_OBJ)
	$(CC) $(CFLAGS_TSAN) -o $@ $(PROG_TSAN_OBJ) $(LIB_TSAN_OBJ) $(LIBS)

$(REL)/liblianfang.a: $(LIB_REL_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(ASAN)/liblianfang.a: $(LIB_ASAN_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ)/liblianfang.a: $(LIB_FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(REL)/lianfang: $(PROG_OBJ) $(REL)/liblianfang.a
	$(CC) $(CFLAGS_REL) -o $@ $(PROG_OBJ) $(REL)/liblianfang.a $(LIBS)

# One cmocka binary per tests/unit/<module>/test_<x>.c, linked with the
# module's helper_*.c (shared fixtures) if any.
$(ASAN)/unit/%: tests/unit/%.c $(ASAN)/liblianfang.a $(HDRS) $(UNIT_HELP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ASAN) -Itests/unit -o $@ $< \
		$(filter $(dir $<)%,$(UNIT_HELP)) $(ASAN)/liblianfang.a $(LIBS) -lcmocka

# Fuzz targets twice: replayed over their corpus by a plain main() under
# ASan in `make test`, and linked with libFuzzer by `make fuzz`.
$(ASAN)/replay/%: tests/fuzz/%.c tests/fuzz/replay.c $(ASAN)/liblianfang.a $(wildcard tests/fuzz/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ASAN) -o $@ $< tests/fuzz/replay.c $(ASAN)/liblianfang.a $(LIBS)

$(FUZZ)/%: tests/fuzz/%.c $(FUZZ)/liblianfang.a $(wildcard tests/fuzz/*.h)
	@mkdir -p $(dir $@)
	$(CLANG) $(CFLAGS_FUZZ) -fsanitize=fuzzer -o $@ $< $(FUZZ)/liblianfang.a $(LIBS)

$(REL)/bench/%: bench/%.c $(REL)/liblianfang.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_REL) -O3 -march=native -o $@ $< $(REL)/liblianfang.a $(LIBS)

unit: $(UNIT_BIN) $(REPLAY_BIN)

test: deps check-banned
	@$(MAKE) --no-print-directory -j2 all unit $(BENCH_BIN) $(TSAN)/lianfang
	@sh tests/run.sh $(BUILD)

run: deps
	@$(MAKE) --no-print-directory -j2 all
	@sh scripts/run-sample.sh $(REL)/lianfang

fuzz: $(FUZZ_BIN)

bench: deps
	@$(MAKE) --no-print-directory -j2 all $(BENCH_BIN)
	@sh bench/run.sh $(BUILD)

check-banned:
	@sh scripts/check-banned.sh

fmt:
	clang-format -i $(LIB_SRC) $(PROG_SRC) $(HDRS) $(UNIT_SRC) $(FUZZ_SRC) $(BENCH_SRC)

clean:
	rm -rf $(BUILD)
