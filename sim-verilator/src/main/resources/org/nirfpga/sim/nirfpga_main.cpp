// A host process for one design library: it dlopen()s the library named by its argument (the
// very file the JNI bridge loads) and serves the library's entry points over a little-endian
// binary protocol on stdin/stdout, so a design runs in a child process (a crash cannot take the
// JVM down). Each request is an opcode byte and its arguments; each reply starts with 0.
#include <dlfcn.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>
#include "nirfpga_abi.h"

namespace {

void readAll(void* p, size_t n) {
  if (n > 0 && std::fread(p, 1, n, stdin) != n) std::exit(0);
}

template <typename T> T get() {
  T v;
  readAll(&v, sizeof v);
  return v;
}

template <typename T> void put(T v) { std::fwrite(&v, sizeof v, 1, stdout); }

void putWords(const uint64_t* w, int64_t n) {
  if (n > 0) std::fwrite(w, sizeof(uint64_t), static_cast<size_t>(n), stdout);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DESIGN_LIBRARY.so\n", argv[0]);
    return 2;
  }
  void* lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    std::fprintf(stderr, "%s\n", dlerror());
    return 3;
  }
  auto entry = reinterpret_cast<const NirfpgaAbi* (*)()>(dlsym(lib, "nirfpga_abi_v1"));
  const NirfpgaAbi* abi = entry != nullptr ? entry() : nullptr;
  if (abi == nullptr || abi->version != NIRFPGA_ABI_VERSION) {
    std::fprintf(stderr, "%s: no nirfpga_abi_v1 of version %d\n", argv[1], NIRFPGA_ABI_VERSION);
    return 3;
  }
  void* m = abi->create();
  std::vector<uint64_t> in;
  std::vector<uint64_t> out(1024);
  for (;;) {
    int c = std::fgetc(stdin);
    if (c == EOF || c == 'Q') break;
    switch (c) {
      case 'P': {
        int32_t port = get<int32_t>();
        uint64_t v = get<uint64_t>();
        abi->poke64(m, port, v);
        put<uint8_t>(0);
        break;
      }
      case 'K': {
        int32_t port = get<int32_t>();
        put<uint8_t>(0);
        put<uint64_t>(abi->peek64(m, port));
        break;
      }
      case 'W': {
        int32_t port = get<int32_t>();
        int32_t n = get<int32_t>();
        std::vector<uint32_t> w(n);
        readAll(w.data(), sizeof(uint32_t) * n);
        abi->pokew(m, port, w.data(), n);
        put<uint8_t>(0);
        break;
      }
      case 'R': {
        int32_t port = get<int32_t>();
        int32_t n = get<int32_t>();
        std::vector<uint32_t> w(n);
        abi->peekw(m, port, w.data(), n);
        put<uint8_t>(0);
        if (n > 0) std::fwrite(w.data(), sizeof(uint32_t), n, stdout);
        break;
      }
      case 'T': {
        abi->tick(m, get<int64_t>());
        put<uint8_t>(0);
        break;
      }
      case 'C': {
        put<uint8_t>(0);
        put<uint64_t>(abi->time(m));
        break;
      }
      case 'O': {
        int32_t n = get<int32_t>();
        std::string path(n, '\0');
        readAll(&path[0], n);
        int32_t r = abi->trace_open(m, path.c_str());
        put<uint8_t>(0);
        put<int32_t>(r);
        break;
      }
      case 'X': {
        abi->trace_close(m);
        put<uint8_t>(0);
        break;
      }
      case 'S':
      case 'B': {
        // 'B' repeats the step's stream call r times and reports the wall and thread CPU time it
        // took: the same work as 'S' without any bridge in between, the baseline of the speed
        // benchmark.
        NirfpgaStreamPorts sp;
        readAll(&sp, sizeof sp);
        int64_t n = get<int64_t>();
        in.resize(static_cast<size_t>(n));
        readAll(in.data(), sizeof(uint64_t) * n);
        int64_t budget = get<int64_t>();
        int32_t ready = get<int32_t>();
        int32_t repeats = c == 'B' ? get<int32_t>() : 1;
        int64_t st[3] = {0, 0, 0};
        int32_t r = NIRFPGA_STREAM_DONE;
        int64_t cycles = 0;
        struct timespec t0, t1, c0, c1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
        for (int32_t k = 0; k < repeats; k++) {
          st[0] = st[1] = st[2] = 0;
          for (;;) {
            r = abi->stream(m, &sp, in.data(), n, out.data(), static_cast<int64_t>(out.size()),
                budget, ready, st);
            if (r != NIRFPGA_STREAM_FULL) break;
            out.resize(out.size() * 2);
          }
          cycles += st[2];
          if (r != NIRFPGA_STREAM_DONE) break;
        }
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        put<uint8_t>(0);
        put<int32_t>(r);
        put<int64_t>(st[0]);
        put<int64_t>(st[1]);
        put<int64_t>(st[2]);
        putWords(out.data(), st[1]);
        if (c == 'B') {
          put<int64_t>((t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec));
          put<int64_t>((c1.tv_sec - c0.tv_sec) * 1000000000LL + (c1.tv_nsec - c0.tv_nsec));
          put<int64_t>(cycles);
        }
        break;
      }
      case 'D': {
        int32_t ports[3];
        readAll(ports, sizeof ports);
        int64_t layer = get<int64_t>();
        int64_t first = get<int64_t>();
        int64_t count = get<int64_t>();
        int32_t latency = get<int32_t>();
        std::vector<uint64_t> w(static_cast<size_t>(count));
        abi->debug_read(m, ports[0], ports[1], ports[2], layer, first, count, latency, w.data());
        put<uint8_t>(0);
        putWords(w.data(), count);
        break;
      }
      default:
        std::fprintf(stderr, "nirfpga simulator: unknown request %d\n", c);
        abi->destroy(m);
        return 3;
    }
    std::fflush(stdout);
  }
  abi->destroy(m);
  return 0;
}
