/**
 * The float reference evaluator and its discrete-time contract (docs/semantics.md): every NIR
 * primitive stepped in double precision under named, recorded options, with presets that reproduce
 * Norse, snnTorch and Sinabs.
 */
package org.nirfpga.nir.ref;
