/**
 * Reading and writing {@code .nir} (HDF5) files: the only package that touches jhdf.
 *
 * <p>{@link org.nirfpga.nir.hdf5.NirReader} loads every NIR layout generation leniently, like
 * {@code nir.read(type_check=False)}; {@link org.nirfpga.nir.hdf5.NirWriter} writes the current
 * layout that NIR's Python {@code nir.read} loads. Checking a graph is the job of
 * {@code org.nirfpga.nir.check}.
 */
package org.nirfpga.nir.hdf5;
