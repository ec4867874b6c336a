`default_nettype none
// Planted syntax fault: the module is never closed.
module broken (
  input  wire a_i,
  output wire b_o
);
  assign b_o = a_i
