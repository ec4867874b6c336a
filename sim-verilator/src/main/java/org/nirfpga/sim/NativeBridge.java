package org.nirfpga.sim;

import java.util.function.Consumer;
import org.nirfpga.nir.NirfpgaException;

/** The JNI entry points of {@code nirfpga_jni.cpp}; handles are opaque native pointers. */
final class NativeBridge {
  private static boolean loaded;

  private NativeBridge() {}

  /** Builds (once, cached) and loads the JNI library into this JVM. */
  static synchronized void load(Consumer<String> progress) throws NirfpgaException {
    if (!loaded) {
      System.load(VerilatorBuild.jniLibrary(progress).toString());
      loaded = true;
    }
  }

  static native long open(String library);

  static native void close(long handle);

  static native int portCount(long handle);

  static native void poke(long handle, int port, long value);

  static native long peek(long handle, int port);

  static native void pokeWide(long handle, int port, int[] words);

  static native void peekWide(long handle, int port, int[] words);

  static native void tick(long handle, long cycles);

  static native long time(long handle);

  static native int traceOpen(long handle, String path);

  static native void traceClose(long handle);

  static native int stream(long handle, int[] ports, long[] in, int inCount, long[] out,
      long budget, int readyPeriod, long[] status);

  static native void debugRead(long handle, int[] ports, long layer, long first, int latency,
      long[] out);
}
