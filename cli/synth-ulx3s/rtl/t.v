module t(input wire a_i); endmodule
