`default_nettype none
// Planted synthesis fault: an asynchronous read port cannot use block RAM, so it lands in logic.
module async_ram (
  input  wire        clk_i,
  input  wire        we_i,
  input  wire [5:0]  waddr_i,
  input  wire [15:0] wdata_i,
  input  wire [5:0]  raddr_i,
  output wire [15:0] rdata_o
);
  reg [15:0] mem_q [0:63];

  always @(posedge clk_i) begin
    if (we_i) begin
      mem_q[waddr_i] <= wdata_i;
    end
  end

  assign rdata_o = mem_q[raddr_i];
endmodule
