// Cycle harness for any Verilated design: reads one line of hexadecimal input port values per cycle
// from stdin, prints the output port values (settled before the rising edge) and then clocks once.
// The design-specific part is nirfpga_ports.h, written next to the build: it includes the model
// header, names it NirfpgaTop and lists the ports as X-macros in a fixed order.
#include <verilated.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "nirfpga_ports.h"

double sc_time_stamp() { return 0; }

static uint64_t mask(int width) { return width >= 64 ? ~0ULL : ((1ULL << width) - 1ULL); }

int main(int argc, char** argv) {
  const std::unique_ptr<VerilatedContext> context{new VerilatedContext};
  // Zero every register and memory that the design does not reset, so runs are deterministic.
  context->randReset(0);
  context->commandArgs(argc, argv);
  const std::unique_ptr<NirfpgaTop> top{new NirfpgaTop{context.get()}};
#ifdef NIRFPGA_CLOCK
  top->NIRFPGA_CLOCK = 0;
#endif
#ifdef NIRFPGA_RESET_N
  // A falling edge on the active-low reset, as at power-on, so that asynchronously reset
  // registers hold their reset values from the first cycle on.
  top->NIRFPGA_RESET_N = 1;
  top->eval();
  top->NIRFPGA_RESET_N = 0;
#endif
  top->eval();

  static char line[1 << 16];
  std::string out;
  out.reserve(1 << 20);
  long cycle = 0;
  while (std::fgets(line, sizeof line, stdin) != nullptr) {
    char* cursor = line;
    char* end = nullptr;
#define NIRFPGA_READ(name, width)                                                      \
  {                                                                                    \
    uint64_t value = std::strtoull(cursor, &end, 16);                                  \
    if (end == cursor) {                                                               \
      std::fprintf(stderr, "cycle %ld: missing value for input %s\n", cycle, #name);   \
      return 2;                                                                        \
    }                                                                                  \
    cursor = end;                                                                      \
    top->name = value & mask(width);                                                   \
  }
    NIRFPGA_INPUTS(NIRFPGA_READ)
#undef NIRFPGA_READ
    top->eval();
    char buf[32];
    bool first = true;
#define NIRFPGA_WRITE(name, width)                                               \
  {                                                                              \
    const uint64_t value = static_cast<uint64_t>(top->name) & mask(width);       \
    std::snprintf(buf, sizeof buf, first ? "%llx" : " %llx",                     \
                  static_cast<unsigned long long>(value));                       \
    out += buf;                                                                  \
    first = false;                                                               \
  }
    NIRFPGA_OUTPUTS(NIRFPGA_WRITE)
#undef NIRFPGA_WRITE
    out += '\n';
    if (out.size() > (1 << 19)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
#ifdef NIRFPGA_CLOCK
    top->NIRFPGA_CLOCK = 1;
    top->eval();
    top->NIRFPGA_CLOCK = 0;
    top->eval();
#endif
    ++cycle;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  top->final();
  return 0;
}
