/**
 * The NIR graph model: immutable records for every node type NIR serializes, with NIR's field names.
 *
 * <p>Parameters are {@link org.nirfpga.nir.graph.Tensor}s of doubles that keep their shape; integer
 * hyper-parameters (stride, padding, ...) are {@code int[]}. Nodes are named by the graph that holds them.
 */
package org.nirfpga.nir.graph;
