package org.nirfpga.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.gen.CycleModel;

/** The cycle-model costs an RTL folder's manifest gives the replay. */
class CyclePredictionTest {
  private static final Path MLP = Path.of("..", "rtl-out", "mlp").toAbsolutePath().normalize();

  @Test
  void theManifestsCostsAreTheLayerEnginesIncludingTheEventOverlap() throws Exception {
    assertEquals(CycleModel.Costs.LAYER_ENGINE,
        CyclePrediction.costs(Manifest.read(MLP)));
  }

  @Test
  void aManifestWithoutEventOverlapIsReplayedWithoutIt(@TempDir Path dir) throws Exception {
    // Written before the layer engine took events with a row's last word.
    ObjectMapper json = new ObjectMapper();
    ObjectNode m = (ObjectNode) json.readTree(MLP.resolve("manifest.json").toFile());
    ((ObjectNode) m.path("cycle_model").path("constants")).remove("event_overlap");
    Files.writeString(dir.resolve("manifest.json"), json.writeValueAsString(m));
    CycleModel.Costs k = CycleModel.Costs.LAYER_ENGINE;
    assertEquals(new CycleModel.Costs(k.perInputEvent(), k.perWeightWord(), k.perNeuron(),
        k.perOutputEvent(), k.perStep(), k.initPerNeuron(), 0),
        CyclePrediction.costs(Manifest.read(dir)));
  }
}
