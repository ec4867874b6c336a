// The JNI side of the bridge, the same for every design: it dlopen()s a design library
// privately (RTLD_LOCAL) and forwards calls through the design's NirfpgaAbi table.
#include <dlfcn.h>
#include <jni.h>
#include <cstdint>
#include <string>
#include <vector>
#include "nirfpga_abi.h"

namespace {

struct Handle {
  void* library;
  const NirfpgaAbi* abi;
  void* model;
};

Handle* of(jlong h) { return reinterpret_cast<Handle*>(h); }

void throwState(JNIEnv* env, const std::string& message) {
  jclass c = env->FindClass("java/lang/IllegalStateException");
  if (c != nullptr) env->ThrowNew(c, message.c_str());
}

NirfpgaStreamPorts streamPorts(JNIEnv* env, jintArray ports) {
  jint p[7];
  env->GetIntArrayRegion(ports, 0, 7, p);
  NirfpgaStreamPorts sp = {p[0], p[1], p[2], p[3], p[4], p[5], p[6]};
  return sp;
}

}  // namespace

extern "C" {

JNIEXPORT jlong JNICALL Java_org_nirfpga_sim_NativeBridge_open(JNIEnv* env, jclass,
    jstring path) {
  const char* p = env->GetStringUTFChars(path, nullptr);
  std::string file(p);
  env->ReleaseStringUTFChars(path, p);
  void* lib = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    const char* e = dlerror();
    throwState(env, "cannot load " + file + ": " + (e ? e : "unknown error"));
    return 0;
  }
  typedef const NirfpgaAbi* (*AbiFn)();
  AbiFn fn = reinterpret_cast<AbiFn>(dlsym(lib, "nirfpga_abi_v1"));
  if (fn == nullptr || fn()->version != NIRFPGA_ABI_VERSION) {
    dlclose(lib);
    throwState(env, file + " is not a nirfpga design library of interface version "
        + std::to_string(NIRFPGA_ABI_VERSION));
    return 0;
  }
  Handle* h = new Handle();
  h->library = lib;
  h->abi = fn();
  h->model = h->abi->create();
  return reinterpret_cast<jlong>(h);
}

JNIEXPORT void JNICALL Java_org_nirfpga_sim_NativeBridge_close(JNIEnv*, jclass, jlong h) {
  Handle* x = of(h);
  x->abi->destroy(x->model);
  dlclose(x->library);
  delete x;
}

JNIEXPORT jint JNICALL Java_org_nirfpga_sim_NativeBridge_portCount(JNIEnv*, jclass, jlong h) {
  return of(h)->abi->port_count;
}

JNIEXPORT void JNICALL Java_org_nirfpga_sim_NativeBridge_poke(JNIEnv*, jclass, jlong h,
    jint port, jlong value) {
  Handle* x = of(h);
  x->abi->poke64(x->model, port, static_cast<uint64_t>(value));
}

JNIEXPORT jlong JNICALL Java_org_nirfpga_sim_NativeBridge_peek(JNIEnv*, jclass, jlong h,
    jint port) {
  Handle* x = of(h);
  return static_cast<jlong>(x->abi->peek64(x->model, port));
}

JNIEXPORT void JNICALL Java_org_nirfpga_sim_NativeBridge_pokeWide(JNIEnv* env, jclass, jlong h,
    jint port, jintArray words) {
  Handle* x = of(h);
  jsize n = env->GetArrayLength(words);
  std::vector<uint32_t> w(n);
  env->GetIntArrayRegion(words, 0, n, reinterpret_cast<jint*>(w.data()));
  x->abi->pokew(x->model, port, w.data(), n);
}

JNIEXPORT void JNICALL Java_org_nirfpga_sim_NativeBridge_peekWide(JNIEnv* env, jclass, jlong h,
    jint port, jintArray words) {
  Handle* x = of(h);
  jsize n = env->GetArrayLength(words);
  std::vector<uint32_t> w(n);
  x->abi->peekw(x->model, port, w.data(), n);
  env->SetIntArrayRegion(words, 0, n, reinterpret_cast<const jint*>(w.data()));
}

JNIEXPORT void JNICALL Java_org_nirfpga_sim_NativeBridge_tick(JNIEnv*, jclass, jlong h,
    jlong cycles) {
  Handle* x = of(h);
  x->abi->tick(x->model, cycles);
}

JNIEXPORT jlong JNICALL Java_org_nirfpga_sim_NativeBridge_time(JNIEnv*, jclass, jlong h) {
  Handle* x = of(h);
  return static_cast<jlong>(x->abi->time(x->model));
}

JNIEXPORT jint JNICALL Java_org_nirfpga_sim_NativeBridge_traceOpen(JNIEnv* env, jclass,
    jlong h, jstring path) {
  Handle* x = of(h);
  const char* p = env->GetStringUTFChars(path, nullptr);
  jint r = x->abi->trace_open(x->model, p);
  env->ReleaseStringUTFChars(path, p);
  return r;
}

JNIEXPORT void JNICALL Java_org_nirfpga_sim_NativeBridge_traceClose(JNIEnv*, jclass, jlong h) {
  Handle* x = of(h);
  x->abi->trace_close(x->model);
}

JNIEXPORT jint JNICALL Java_org_nirfpga_sim_NativeBridge_stream(JNIEnv* env, jclass, jlong h,
    jintArray ports, jlongArray in, jint inCount, jlongArray out, jlong budget,
    jint readyPeriod, jlongArray status) {
  Handle* x = of(h);
  NirfpgaStreamPorts sp = streamPorts(env, ports);
  std::vector<uint64_t> inWords(inCount);
  env->GetLongArrayRegion(in, 0, inCount, reinterpret_cast<jlong*>(inWords.data()));
  jsize cap = env->GetArrayLength(out);
  std::vector<uint64_t> outWords(cap);
  int64_t st[3];
  env->GetLongArrayRegion(status, 0, 3, reinterpret_cast<jlong*>(st));
  int64_t before = st[1];
  jint r = x->abi->stream(x->model, &sp, inWords.data(), inCount, outWords.data(), cap, budget,
      readyPeriod, st);
  if (st[1] > before) {
    env->SetLongArrayRegion(out, static_cast<jsize>(before), static_cast<jsize>(st[1] - before),
        reinterpret_cast<const jlong*>(outWords.data() + before));
  }
  env->SetLongArrayRegion(status, 0, 3, reinterpret_cast<const jlong*>(st));
  return r;
}

JNIEXPORT void JNICALL Java_org_nirfpga_sim_NativeBridge_debugRead(JNIEnv* env, jclass,
    jlong h, jintArray ports, jlong layer, jlong first, jint latency, jlongArray out) {
  Handle* x = of(h);
  jint p[3];
  env->GetIntArrayRegion(ports, 0, 3, p);
  jsize n = env->GetArrayLength(out);
  std::vector<uint64_t> words(n);
  x->abi->debug_read(x->model, p[0], p[1], p[2], layer, first, n, latency, words.data());
  env->SetLongArrayRegion(out, 0, n, reinterpret_cast<const jlong*>(words.data()));
}

}  // extern "C"
