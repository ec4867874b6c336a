package org.nirfpga.hdl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A word-addressed memory of {@code depth} words of one shape, never reset so that synthesis maps
 * it to block RAM. Ports are unconditional: pass the condition as the port's enable.
 */
public final class Memory {
  /** Attribute yosys reads to pick a RAM kind, e.g. block, distributed or huge (SPRAM). */
  public static final String RAM_STYLE = "ram_style";

  private final Module owner;
  private final String name;
  private final Shape shape;
  private final int depth;
  private final ReadDuringWrite readDuringWrite;
  private final SourceLocation createdAt;
  private final List<ReadPort> readPorts = new ArrayList<>();
  private final List<WritePort> writePorts = new ArrayList<>();
  private final Map<String, String> attributes = new LinkedHashMap<>();
  private long[] init;
  private SourceLocation initAt;
  private boolean observable;

  Memory(Module owner, String name, Shape shape, int depth, ReadDuringWrite readDuringWrite,
      SourceLocation createdAt) {
    if (depth < 2) {
      throw new IllegalArgumentException(createdAt + ": memory '" + name + "' depth " + depth
          + " must be at least 2; use a register");
    }
    this.owner = owner;
    this.name = name;
    this.shape = shape;
    this.depth = depth;
    this.readDuringWrite = readDuringWrite;
    this.createdAt = createdAt;
  }

  public Module owner() {
    return owner;
  }

  public String name() {
    return name;
  }

  public Shape shape() {
    return shape;
  }

  public int depth() {
    return depth;
  }

  public ReadDuringWrite readDuringWrite() {
    return readDuringWrite;
  }

  public SourceLocation createdAt() {
    return createdAt;
  }

  /** Address width: {@code ceil(log2(depth))}. */
  public int addressWidth() {
    return 32 - Integer.numberOfLeadingZeros(depth - 1);
  }

  /** Shape addresses must have: {@code uint(addressWidth())}. */
  public Shape addressShape() {
    return Shape.uint(addressWidth());
  }

  public List<ReadPort> readPorts() {
    return Collections.unmodifiableList(readPorts);
  }

  public List<WritePort> writePorts() {
    return Collections.unmodifiableList(writePorts);
  }

  public Map<String, String> attributes() {
    return Collections.unmodifiableMap(attributes);
  }

  /** Initial contents (copy), or null when the memory starts undefined. */
  public long[] init() {
    return init == null ? null : init.clone();
  }

  /** Where {@link #init(long[])} was called, or null. */
  public SourceLocation initAt() {
    return initAt;
  }

  public boolean isObservable() {
    return observable;
  }

  /** Sets initial contents: word {@code i} is {@code words[i]}; the rest are zero. */
  public Memory init(long[] words) {
    owner.checkMutable();
    init = words.clone();
    initAt = SourceLocation.capture();
    return this;
  }

  /** Adds a synthesis attribute, e.g. {@code attribute(RAM_STYLE, "huge")} for ice40 SPRAM. */
  public Memory attribute(String key, String value) {
    owner.checkMutable();
    if (!key.matches("[a-z_][a-z0-9_]*") || value.contains("\"") || value.contains("\\")) {
      throw new IllegalArgumentException("attribute " + key + "=" + value
          + " must be a lowercase identifier with a value free of quotes and backslashes");
    }
    attributes.put(key, value);
    return this;
  }

  /** Marks the memory readable from simulation; synthesis is unchanged. */
  public Memory observable() {
    owner.checkMutable();
    observable = true;
    return this;
  }

  /** A synchronous read port: {@code data} gets word {@code address} at the next clock edge. */
  public Signal readSync(String dataName, Expr address, Expr enable) {
    return addRead(dataName, address, enable, true);
  }

  /** A synchronous read port that reads every cycle. */
  public Signal readSync(String dataName, Expr address) {
    return addRead(dataName, address, new Const(1, Shape.bool()), true);
  }

  /** An asynchronous (combinational) read port; maps to LUT RAM or registers, not block RAM. */
  public Signal readAsync(String dataName, Expr address) {
    return addRead(dataName, address, new Const(1, Shape.bool()), false);
  }

  /** A write port: at the clock edge, word {@code address} becomes {@code data} if enabled. */
  public Memory write(Expr address, Expr data, Expr enable) {
    owner.checkMutable();
    writePorts.add(new WritePort(address, data, enable, owner.insideScope(),
        SourceLocation.capture()));
    return this;
  }

  private Signal addRead(String dataName, Expr address, Expr enable, boolean sync) {
    owner.checkMutable();
    SourceLocation at = SourceLocation.capture();
    Signal data = owner.drivenSignal(dataName, shape, at, this);
    readPorts.add(new ReadPort(data, address, enable, sync, owner.insideScope(), at));
    return data;
  }
}
