`default_nettype none
// Planted lint fault: the sum is nine bits wide but is assigned to an eight-bit output.
module lint_fault (
  input  wire [7:0] a_i,
  input  wire [7:0] b_i,
  output wire [7:0] sum_o
);
  assign sum_o = a_i + b_i + 9'd1;
endmodule
