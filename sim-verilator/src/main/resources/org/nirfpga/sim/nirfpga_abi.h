// The C interface between the JNI bridge and one design's shared library. Each design library
// exports nirfpga_abi_v1() only; everything else, the Verilator runtime included, stays local to
// it, so designs with the same top-module name load side by side.
#ifndef NIRFPGA_ABI_H
#define NIRFPGA_ABI_H
#include <stdint.h>

#define NIRFPGA_ABI_VERSION 1

// Port indices of the two event streams, and the end-of-step bit of the output payload.
typedef struct {
  int32_t in_valid, in_ready, in_data, out_valid, out_ready, out_data, out_eot_bit;
} NirfpgaStreamPorts;

// Results of nirfpga stream(): the step ended, the output buffer is full, the budget ran out.
#define NIRFPGA_STREAM_DONE 0
#define NIRFPGA_STREAM_FULL 1
#define NIRFPGA_STREAM_BUDGET 2

typedef struct {
  int32_t version;
  int32_t port_count;
  void* (*create)(void);
  void (*destroy)(void* model);
  void (*poke64)(void* model, int32_t port, uint64_t value);
  uint64_t (*peek64)(void* model, int32_t port);
  void (*pokew)(void* model, int32_t port, const uint32_t* words, int32_t count);
  void (*peekw)(void* model, int32_t port, uint32_t* words, int32_t count);
  void (*tick)(void* model, int64_t cycles);
  // 0 on success, -1 when the library was built without tracing, -2 when the file fails.
  int32_t (*trace_open)(void* model, const char* path);
  void (*trace_close)(void* model);
  // status: [0] input words consumed, [1] output words stored, [2] cycles run in this step;
  // read on entry and written on return, so a call after FULL continues where it stopped.
  int32_t (*stream)(void* model, const NirfpgaStreamPorts* ports, const uint64_t* in,
      int64_t in_count, uint64_t* out, int64_t out_capacity, int64_t budget,
      int32_t ready_period, int64_t* status);
  // Reads count words through a synchronous debug port: address a is driven, the clock ticks
  // latency times, and the data port is read; returns the raw bits.
  void (*debug_read)(void* model, int32_t layer_port, int32_t addr_port, int32_t data_port,
      int64_t layer, int64_t first, int64_t count, int32_t latency, uint64_t* out);
  uint64_t (*time)(void* model);
} NirfpgaAbi;

#endif
