package org.nirfpga.nir.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;

class PassThroughSpikesTest {
  @Test
  void anOutputFedBySpikesCountsTheSameSpikes() throws Exception {
    Example e = Examples.named("mlp").orElseThrow();
    RunResult r = Evaluator.create(e.graph(), Contract.nir()).run(e.sampleInput(),
        List.of("lif2", "output"), ProgressListener.NONE);
    assertTrue(r.trace("output").spiking());
    assertTrue(r.trace("lif2").spikeCount() > 0);
    assertEquals(r.trace("lif2").spikeCount(), r.trace("output").spikeCount());
  }

  @Test
  void anOutputFedByValuesIsNotASpikeTrain() throws Exception {
    Example e = Examples.named("rsnn").orElseThrow();
    RunResult r = Evaluator.create(e.graph(), Contract.nir()).run(e.sampleInput(),
        List.of("output"), ProgressListener.NONE);
    assertFalse(r.trace("output").spiking());
    assertEquals(0, r.trace("output").spikeCount());
  }
}
