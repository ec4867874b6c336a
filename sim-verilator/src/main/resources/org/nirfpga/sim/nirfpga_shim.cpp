// One design's side of the bridge: the Verilated model behind the C interface of nirfpga_abi.h.
// nirfpga_ports.h, written per design, names the model class, the clock and the port table.
#include <cstdint>
#include <cstring>
#include "verilated.h"
#if NIRFPGA_TRACE && NIRFPGA_TRACE_FST
#include "verilated_fst_c.h"
typedef VerilatedFstC NirfpgaTrace;
#elif NIRFPGA_TRACE
#include "verilated_vcd_c.h"
typedef VerilatedVcdC NirfpgaTrace;
#endif
#include "nirfpga_abi.h"
#include "nirfpga_ports.h"

namespace {

struct Model {
  VerilatedContext* ctx;
  NirfpgaTop* top;
#if NIRFPGA_TRACE
  NirfpgaTrace* vcd;
#endif
  uint64_t time;
  bool dirty;
};

void settle(Model* m) {
  if (m->dirty) {
    m->top->eval();
    m->dirty = false;
  }
}

void dump(Model* m) {
#if NIRFPGA_TRACE
  if (m->vcd) m->vcd->dump(m->time);
#endif
  m->time++;
}

// One clock cycle: inputs settle with the clock low, then the rising edge. The falling edge is
// evaluated with the next inputs (the design has no negative-edge logic), saving an eval.
void cycle(Model* m) {
  settle(m);
  dump(m);
  m->top->NIRFPGA_CLOCK = 1;
  m->top->eval();
  dump(m);
  m->top->NIRFPGA_CLOCK = 0;
  m->dirty = true;
}

void* create() {
  Model* m = new Model();
  m->ctx = new VerilatedContext();
  m->ctx->traceEverOn(NIRFPGA_TRACE != 0);
  m->top = new NirfpgaTop(m->ctx, "top");
#if NIRFPGA_TRACE
  m->vcd = nullptr;
#endif
  m->top->NIRFPGA_CLOCK = 0;
  m->top->eval();
  m->time = 0;
  m->dirty = false;
  return m;
}

void trace_close(void* p) {
#if NIRFPGA_TRACE
  Model* m = static_cast<Model*>(p);
  if (m->vcd) {
    m->vcd->close();
    delete m->vcd;
    m->vcd = nullptr;
  }
#else
  (void)p;
#endif
}

int32_t trace_open(void* p, const char* path) {
#if NIRFPGA_TRACE
  Model* m = static_cast<Model*>(p);
  trace_close(p);
  m->vcd = new NirfpgaTrace();
  m->top->trace(m->vcd, 99);
  m->vcd->open(path);
  if (!m->vcd->isOpen()) {
    delete m->vcd;
    m->vcd = nullptr;
    return -2;
  }
  return 0;
#else
  (void)p;
  (void)path;
  return -1;
#endif
}

void destroy(void* p) {
  Model* m = static_cast<Model*>(p);
  trace_close(p);
  m->top->final();
  delete m->top;
  delete m->ctx;
  delete m;
}

void poke64(void* p, int32_t port, uint64_t v) {
  Model* m = static_cast<Model*>(p);
  switch (port) {
#define NIRFPGA_POKE(IDX, NAME, WIDTH) \
  case IDX: m->top->NAME = v; break;
    NIRFPGA_NARROW_INPUTS(NIRFPGA_POKE)
#undef NIRFPGA_POKE
    default: return;
  }
  m->dirty = true;
}

uint64_t peek64(void* p, int32_t port) {
  Model* m = static_cast<Model*>(p);
  settle(m);
  switch (port) {
#define NIRFPGA_PEEK(IDX, NAME, WIDTH) \
  case IDX: return static_cast<uint64_t>(m->top->NAME);
    NIRFPGA_NARROW_PORTS(NIRFPGA_PEEK)
#undef NIRFPGA_PEEK
    default: return 0;
  }
}

void pokew(void* p, int32_t port, const uint32_t* w, int32_t count) {
  Model* m = static_cast<Model*>(p);
  switch (port) {
#define NIRFPGA_POKEW(IDX, NAME, WIDTH) \
  case IDX: \
    for (int i = 0; i < count && i < (WIDTH + 31) / 32; i++) m->top->NAME[i] = w[i]; \
    break;
    NIRFPGA_WIDE_INPUTS(NIRFPGA_POKEW)
#undef NIRFPGA_POKEW
    default: {
      uint64_t v = count > 0 ? w[0] : 0;
      if (count > 1) v |= static_cast<uint64_t>(w[1]) << 32;
      poke64(p, port, v);
      return;
    }
  }
  m->dirty = true;
}

void peekw(void* p, int32_t port, uint32_t* w, int32_t count) {
  Model* m = static_cast<Model*>(p);
  settle(m);
  switch (port) {
#define NIRFPGA_PEEKW(IDX, NAME, WIDTH) \
  case IDX: \
    for (int i = 0; i < count && i < (WIDTH + 31) / 32; i++) w[i] = m->top->NAME[i]; \
    return;
    NIRFPGA_WIDE_PORTS(NIRFPGA_PEEKW)
#undef NIRFPGA_PEEKW
    default: {
      uint64_t v = peek64(p, port);
      if (count > 0) w[0] = static_cast<uint32_t>(v);
      if (count > 1) w[1] = static_cast<uint32_t>(v >> 32);
      return;
    }
  }
}

void tick(void* p, int64_t n) {
  Model* m = static_cast<Model*>(p);
  for (int64_t i = 0; i < n; i++) cycle(m);
}

int32_t stream(void* p, const NirfpgaStreamPorts* sp, const uint64_t* in, int64_t in_count,
    uint64_t* out, int64_t out_capacity, int64_t budget, int32_t ready_period,
    int64_t* status) {
  Model* m = static_cast<Model*>(p);
  int64_t i = status[0];
  int64_t o = status[1];
  int64_t c = status[2];
  int32_t result = NIRFPGA_STREAM_DONE;
  for (;;) {
    if (c >= budget) {
      result = NIRFPGA_STREAM_BUDGET;
      break;
    }
    // ready_period k > 0: ready in one cycle of every k (1: always); 0: never.
    bool ready = ready_period == 1 || (ready_period > 1 && c % ready_period == ready_period - 1);
    poke64(p, sp->out_ready, ready ? 1 : 0);
    bool valid = i < in_count;
    poke64(p, sp->in_valid, valid ? 1 : 0);
    if (valid) poke64(p, sp->in_data, in[i]);
    bool in_fire = valid && peek64(p, sp->in_ready) != 0;
    bool done = false;
    if (ready && peek64(p, sp->out_valid) != 0) {
      uint64_t d = peek64(p, sp->out_data);
      if ((d >> sp->out_eot_bit) & 1) {
        done = true;
      } else {
        if (o == out_capacity) {
          result = NIRFPGA_STREAM_FULL;
          break;
        }
        out[o++] = d;
      }
    }
    cycle(m);
    c++;
    if (in_fire) i++;
    if (done) {
      poke64(p, sp->in_valid, 0);
      break;
    }
  }
  status[0] = i;
  status[1] = o;
  status[2] = c;
  return result;
}

void debug_read(void* p, int32_t layer_port, int32_t addr_port, int32_t data_port,
    int64_t layer, int64_t first, int64_t count, int32_t latency, uint64_t* out) {
  Model* m = static_cast<Model*>(p);
  poke64(p, layer_port, static_cast<uint64_t>(layer));
  for (int64_t a = 0; a < count; a++) {
    poke64(p, addr_port, static_cast<uint64_t>(first + a));
    for (int32_t k = 0; k < latency; k++) cycle(m);
    out[a] = peek64(p, data_port);
  }
}

uint64_t time_of(void* p) {
  return static_cast<Model*>(p)->time;
}

const NirfpgaAbi kAbi = {
    NIRFPGA_ABI_VERSION, NIRFPGA_PORT_COUNT, create, destroy, poke64, peek64, pokew, peekw,
    tick, trace_open, trace_close, stream, debug_read, time_of};

}  // namespace

extern "C" __attribute__((visibility("default"))) const NirfpgaAbi* nirfpga_abi_v1() {
  return &kAbi;
}
