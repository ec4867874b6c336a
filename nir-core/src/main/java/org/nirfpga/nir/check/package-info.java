/**
 * Validation of NIR graphs: structural rules, shape inference and NIR's type check.
 *
 * <p>{@link org.nirfpga.nir.check.ValidateGraph} runs every rule and returns a
 * {@link org.nirfpga.nir.check.ValidationReport}; {@link org.nirfpga.nir.check.InferShapes} is the
 * shape pass on its own. {@link org.nirfpga.nir.check.Mode#STRICT} reproduces
 * {@code nir.read(type_check=True)}; {@link org.nirfpga.nir.check.Mode#LENIENT} accepts what a
 * simulator can still run and reports the rest as warnings.
 */
package org.nirfpga.nir.check;
