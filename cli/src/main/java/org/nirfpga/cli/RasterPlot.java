package org.nirfpga.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.nirfpga.nir.NirfpgaException;

/**
 * Draws the output of the float reference and of the RTL side by side as a PNG: spike rasters
 * (time step against neuron) for spiking outputs, one line per neuron for a readout's values;
 * one row of two charts per output.
 */
final class RasterPlot {
  private RasterPlot() {}

  /**
   * One output's row of the plot.
   *
   * @param title what the output is (its node)
   * @param reference [step][neuron] the float reference's output, in spikes (or values)
   * @param rtl [step][neuron] the RTL's output events
   * @param spiking whether the output is spikes (else readout values, plotted as lines)
   */
  record Panel(String title, double[][] reference, double[][] rtl, boolean spiking) {}

  /** Writes {@code png} with one row per panel: the reference on the left, the RTL right. */
  static void write(Path png, List<Panel> panels) throws NirfpgaException {
    List<XYChart> charts = new ArrayList<>();
    for (Panel p : panels) {
      charts.add(chart("float reference: " + p.title(), p.reference(), p.spiking()));
      charts.add(chart("RTL (Verilator): " + p.title(), p.rtl(), p.spiking()));
    }
    String name = png.toAbsolutePath().toString();
    String base = name.toLowerCase(java.util.Locale.ROOT).endsWith(".png")
        ? name.substring(0, name.length() - 4) : name;
    // Rendering to an image needs no display.
    System.setProperty("java.awt.headless", "true");
    try {
      BitmapEncoder.saveBitmap(charts, panels.size(), 2, base, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new NirfpgaException(png + ": cannot write the plot (" + e.getMessage() + ")", e);
    }
  }

  private static XYChart chart(String title, double[][] rows, boolean spiking) {
    int steps = rows.length;
    int n = steps == 0 ? 1 : rows[0].length;
    XYChart c = new XYChartBuilder().width(640).height(420).title(title)
        .xAxisTitle("time step").yAxisTitle(spiking ? "neuron" : "value").build();
    c.getStyler().setLegendVisible(!spiking && n <= 8);
    c.getStyler().setXAxisMin(0.0).setXAxisMax((double) Math.max(1, steps));
    if (spiking) {
      c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      c.getStyler().setMarkerSize(4);
      c.getStyler().setYAxisMin(-0.5).setYAxisMax(n - 0.5);
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int t = 0; t < steps; t++) {
        for (int i = 0; i < rows[t].length; i++) {
          if (rows[t][i] != 0) {
            xs.add((double) t);
            ys.add((double) i);
          }
        }
      }
      if (xs.isEmpty()) {
        // An empty series cannot be drawn; a point outside the axes keeps the frame.
        xs.add(-10.0);
        ys.add(-10.0);
      }
      c.addSeries("spikes", xs, ys);
    } else {
      c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      c.getStyler().setMarkerSize(0);
      double[] xs = new double[Math.max(1, steps)];
      for (int t = 0; t < xs.length; t++) {
        xs[t] = t;
      }
      for (int i = 0; i < n; i++) {
        double[] ys = new double[xs.length];
        for (int t = 0; t < steps; t++) {
          ys[t] = rows[t][i];
        }
        c.addSeries("neuron " + i, xs, ys);
      }
    }
    return c;
  }
}
